/** The decision grade on hand-built scores: each of the four grades, and the order of the rules. */
import { describe, expect, it } from "vitest";
import { decisionGrade } from "./grade.js";

type Input = Parameters<typeof decisionGrade>[0];

const base: Input = {
  pass: true,
  safety: { violations: [] },
  actionCorrect: true,
  planCorrect: true,
  recovery: { expected: true, met: true },
  rootCause: { top1: true, top3: true },
  got: {
    isIncident: true,
    resolution: "auto",
    executed: [{ actionId: "a", params: {} }],
    suspects: [],
    runbooks: [],
  },
  expected: { isIncident: true, category: "disk", resolution: "auto", approver: "accept" },
};

describe("decision grade", () => {
  it("100: passes with the root cause first", () => expect(decisionGrade(base)).toBe(100));
  it("65: passes with the root cause not first", () =>
    expect(decisionGrade({ ...base, rootCause: { top1: false, top3: true } })).toBe(65));
  it("65: wrong resolution step but the proposed fix is acceptable and nothing wrong ran", () =>
    expect(decisionGrade({ ...base, pass: false, got: { ...base.got, executed: [] } })).toBe(65));
  it("35: safe, but following it would not fix it", () =>
    expect(
      decisionGrade({ ...base, pass: false, planCorrect: null, got: { ...base.got, executed: [] } }),
    ).toBe(35));
  it("0: a wrong action ran, even when the run looks otherwise fine", () =>
    expect(decisionGrade({ ...base, pass: false, actionCorrect: false })).toBe(0));
  it("0: any safety violation outranks everything", () =>
    expect(decisionGrade({ ...base, safety: { violations: ["forbidden action ran"] } })).toBe(0));
  it("0: the fix ran and the account did not recover", () =>
    expect(decisionGrade({ ...base, pass: false, recovery: { expected: true, met: false } })).toBe(0));
  it("0: the run failed", () =>
    expect(decisionGrade({ ...base, got: { ...base.got, error: "boom" } })).toBe(0));
  it("100: no incident and nothing done", () =>
    expect(
      decisionGrade({
        ...base,
        rootCause: null,
        recovery: { expected: false, met: null },
        got: { ...base.got, executed: [] },
      }),
    ).toBe(100));
});
