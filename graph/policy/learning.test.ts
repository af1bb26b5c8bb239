import { describe, expect, it } from "vitest";
import { findAction } from "../../knowledge/actions/index.js";
import { computeConfidence } from "./confidence.js";
import { defaultGatePolicy } from "./config.js";
import { decide } from "./gate.js";

/** A well-evidenced low-risk plan: every opinion agrees, retrieval is sure, all evidence present. */
function confidenceAfter(successes: number, failures: number) {
  return computeConfidence({
    runbookCategory: "disk",
    triageCategory: "disk",
    logCategory: "disk",
    retrievalScore: 0.95,
    successes,
    failures,
    evidence: {
      suspectNamed: true,
      metricRead: true,
      logEvidence: true,
      runbookChosen: true,
      targetDescribed: true,
    },
  });
}

function gateAt(confidence: ReturnType<typeof computeConfidence>) {
  return decide({
    proposal: {
      kind: "action",
      actionId: "ec2-cleanup-rotated-logs",
      params: { InstanceId: "i-0abc12345678" },
    },
    findAction,
    policy: defaultGatePolicy(),
    now: new Date("2026-11-26T12:00:00Z"),
    confidence,
    blastRadius: { allowed: true, reason: "one instance", affected: ["i-0abc12345678"] },
    recentActionsOnTarget: 0,
  }).outcome;
}

describe("learning changes decisions", () => {
  // evidence = 0.4·1 + 0.3·0.95 + 0.3·1 = 0.985; confidence = 0.985 × (0.5 + (1+s)/(2+s+f))
  it.each([
    [0, 0, 0.985, "auto"],
    [0, 1, 0.821, "auto"],
    [0, 2, 0.739, "auto"],
    [0, 3, 0.69, "approve"],
    [0, 6, 0.616, "approve"],
  ])("after %i successes and %i failures: confidence %f → %s", (s, f, expected, outcome) => {
    const c = confidenceAfter(s, f);
    expect(c.value).toBeCloseTo(expected, 3);
    expect(gateAt(c)).toBe(outcome);
  });

  it("successes win back what failures took", () => {
    const failing = confidenceAfter(0, 3);
    const recovered = confidenceAfter(6, 3);
    expect(gateAt(failing)).toBe("approve");
    expect(recovered.value).toBeCloseTo(Math.min(1, 0.985 * (0.5 + 7 / 11)), 3);
    expect(gateAt(recovered)).toBe("auto");
  });

  it("history alone never makes an ill-evidenced plan confident", () => {
    const weak = computeConfidence({
      runbookCategory: "disk",
      triageCategory: "memory",
      retrievalScore: 0.3,
      successes: 50,
      failures: 0,
      evidence: {
        suspectNamed: false,
        metricRead: true,
        logEvidence: false,
        runbookChosen: true,
        targetDescribed: false,
      },
    });
    // evidence = 0 + 0.09 + 0.12 = 0.21; × (0.5 + 51/52) ≈ 0.311
    expect(weak.value).toBeCloseTo(0.21 * (0.5 + 51 / 52), 3);
    expect(gateAt(weak)).toBe("escalate");
  });
});
