import { describe, expect, it } from "vitest";
import { BUILTIN_NEGATIVES, BUILTIN_POSITIVES, evaluateCorpus, loadCorpus } from "./corpus.js";

describe("injection corpus eval (built-in corpus)", () => {
  const result = evaluateCorpus(loadCorpus(BUILTIN_POSITIVES), loadCorpus(BUILTIN_NEGATIVES));

  it("has at least 200 attack lines, recall ≥ 0.95", () => {
    expect(result.summary.positives).toBeGreaterThanOrEqual(200);
    expect(result.summary.recall, result.misses.map((m) => m.text).join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("has several hundred ordinary log lines and flags none of them", () => {
    expect(result.summary.negatives).toBeGreaterThanOrEqual(300);
    expect(result.falseAlarms.map((f) => f.text)).toEqual([]);
  });

  it("keeps a held-out section of positives, reported on its own", () => {
    expect(result.sections["held-out"]?.positives).toBeGreaterThanOrEqual(60);
  });
});

describe("corpus loading", () => {
  it("says clearly when a corpus path does not exist", () => {
    expect(() => loadCorpus("/nonexistent/corpus.txt")).toThrow(/does not exist/);
  });
});
