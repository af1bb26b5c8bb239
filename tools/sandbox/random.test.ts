import fc from "fast-check";
import { instanceIdFrom, mulberry32, poisson, streamFor, uuidFrom } from "./random.js";

describe("seeded randomness", () => {
  it("mulberry32 repeats for a seed and stays in [0, 1)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = mulberry32(seed);
        const b = mulberry32(seed);
        for (let i = 0; i < 20; i++) {
          const x = a();
          expect(x).toBe(b());
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
        }
      }),
    );
  });

  it("streams depend only on their keys", () => {
    expect(streamFor(7, "metric", "cpu", 3)()).toBe(streamFor(7, "metric", "cpu", 3)());
    expect(streamFor(7, "metric", "cpu", 3)()).not.toBe(streamFor(7, "metric", "cpu", 4)());
  });

  it("makes ids AWS and the catalogue accept", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (seed) => {
        expect(instanceIdFrom(mulberry32(seed))).toMatch(/^i-0[0-9a-f]{16}$/);
        expect(uuidFrom(mulberry32(seed))).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }),
    );
  });

  it("poisson has about the right mean", () => {
    for (const mean of [0.5, 4, 250]) {
      const rand = mulberry32(99);
      let sum = 0;
      for (let i = 0; i < 4000; i++) sum += poisson(rand, mean);
      expect(sum / 4000).toBeGreaterThan(mean * 0.9);
      expect(sum / 4000).toBeLessThan(mean * 1.1);
    }
  });
});
