import fc from "fast-check";
import { LogTemplateMiner } from "./miner.js";
import { LOGHUB_DRAIN_OPTIONS } from "./options.js";

const token = fc.oneof(
  fc.constantFrom("user", "login", "failed", "from", "port", "ok", "error", "disk", "=", "(a)", "<*>"),
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.ipV4(),
  fc.stringMatching(/^[a-z]{1,6}$/),
  fc.stringMatching(/^[a-z]{1,3}_[0-9a-f]{2,6}$/),
);
const line = fc.array(token, { minLength: 0, maxLength: 9 }).map((ts) => ts.join(" "));
const history = fc.array(line, { maxLength: 40 });
// Production-style settings. (Strict Drain, with wildcardsMatch off, scores a template of masked
// tokens below the threshold even against the same line, so it can start a second cluster; see miner.test.ts.)
const configs = fc.constantFrom(
  {},
  { wordVariantsToMerge: 2 },
  { lengthTolerant: false, wordVariantsToMerge: 0 },
  { depth: 3, similarityThreshold: 0.3 },
  { ...LOGHUB_DRAIN_OPTIONS, matchShortMessages: true, wildcardsMatch: true, depth: 5, maxChildren: 3 },
);

describe("miner properties", () => {
  it("adding the same line twice never creates a second cluster", () => {
    fc.assert(
      fc.property(configs, history, line, (cfg, before, x) => {
        const m = new LogTemplateMiner(cfg);
        for (const l of before) m.add(l);
        const first = m.add(x);
        const size = m.size;
        const second = m.add(x);
        expect(second.change).not.toBe("created");
        expect(m.size).toBe(size);
        expect(second.clusterId).toBe(m.resolve(first.clusterId));
      }),
      { numRuns: 300 },
    );
  });

  it("match() never mutates and agrees with the next add()", () => {
    fc.assert(
      fc.property(configs, history, line, (cfg, before, x) => {
        const m = new LogTemplateMiner(cfg);
        for (const l of before) m.add(l);
        const snapshot = JSON.stringify(m.toJSON());
        const found = m.match(x);
        expect(JSON.stringify(m.toJSON())).toBe(snapshot);
        const added = m.add(x);
        if (found) expect(added.clusterId).toBe(found.clusterId);
        else expect(added.change).not.toBe("none");
      }),
      { numRuns: 300 },
    );
  });

  it("cluster counts always sum to the number of lines added", () => {
    fc.assert(
      fc.property(configs, history, (cfg, lines) => {
        const m = new LogTemplateMiner(cfg);
        for (const l of lines) m.add(l);
        expect(m.clusters().reduce((n, c) => n + c.count, 0)).toBe(lines.length);
      }),
      { numRuns: 200 },
    );
  });
});
