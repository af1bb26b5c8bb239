import { describe, expect, it } from "vitest";
import { trendOf } from "./verify-outcome.js";

describe("verification trend: did not fully recover vs got worse", () => {
  const cpu = { recoveredWhen: "below" as const, threshold: 70 };
  const healthy = { recoveredWhen: "above" as const, threshold: 3 };

  it("a signal that recovers downward: lower is better", () => {
    expect(trendOf(cpu, 100, 84)).toBe("improved");
    expect(trendOf(cpu, 90, 99)).toBe("worse");
    expect(trendOf(cpu, 90, 92)).toBe("unchanged");
  });

  it("a signal that recovers upward: higher is better", () => {
    expect(trendOf(healthy, 1, 2)).toBe("improved");
    expect(trendOf(healthy, 2, 1)).toBe("worse");
  });
});
