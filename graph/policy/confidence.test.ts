import { describe, expect, it } from "vitest";
import { agreementFactor, CONFIDENCE_WEIGHTS, computeConfidence, historyFactor } from "./confidence.js";

const allEvidence = {
  suspectNamed: true,
  metricRead: true,
  logEvidence: true,
  runbookChosen: true,
  targetDescribed: true,
};

describe("confidence formula", () => {
  it("weights sum to one", () => {
    expect(Object.values(CONFIDENCE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it("agreement is the share of opinions that match the runbook", () => {
    expect(agreementFactor("disk", ["disk", "disk"])).toBe(1);
    expect(agreementFactor("disk", ["disk", "memory"])).toBe(0.5);
    // A missing opinion never scores higher than a dissenting one: removing evidence cannot raise confidence.
    expect(agreementFactor("disk", ["disk", undefined])).toBe(0.5);
    expect(agreementFactor("disk", ["disk", undefined])).toBe(agreementFactor("disk", ["disk", "memory"]));
    expect(agreementFactor("disk", [undefined, undefined])).toBe(0);
    expect(agreementFactor(undefined, ["disk"])).toBe(0);
  });

  it("history is the Beta(1,1) posterior mean", () => {
    expect(historyFactor(0, 0)).toBe(0.5);
    expect(historyFactor(8, 0)).toBe(0.9);
    expect(historyFactor(0, 3)).toBe(0.2);
  });

  it("combines the factors as documented: evidence × (0.5 + history)", () => {
    const c = computeConfidence({
      runbookCategory: "disk",
      triageCategory: "disk",
      logCategory: "disk",
      retrievalScore: 0.8,
      successes: 0,
      failures: 0,
      evidence: allEvidence,
    });
    expect(c.value).toBeCloseTo((0.4 + 0.3 * 0.8 + 0.3) * (0.5 + 0.5), 3);
  });

  it("falls when evidence is missing or opinions disagree", () => {
    const full = computeConfidence({
      runbookCategory: "disk",
      triageCategory: "disk",
      retrievalScore: 1,
      successes: 0,
      failures: 0,
      evidence: allEvidence,
    });
    const thin = computeConfidence({
      runbookCategory: "disk",
      triageCategory: "memory",
      retrievalScore: 1,
      successes: 0,
      failures: 0,
      evidence: { ...allEvidence, logEvidence: false, targetDescribed: false },
    });
    expect(thin.value).toBeLessThan(full.value);
  });

  it("learns from failures", () => {
    const base = {
      runbookCategory: "disk",
      triageCategory: "disk",
      retrievalScore: 1,
      evidence: allEvidence,
    };
    expect(computeConfidence({ ...base, successes: 0, failures: 4 }).value).toBeLessThan(
      computeConfidence({ ...base, successes: 4, failures: 0 }).value,
    );
  });
});
