import { describe, expect, it } from "vitest";
import type { Triage } from "../triage/schema.js";
import { allowedNextSteps, routeByRules } from "./rules.js";

const triage: Triage = {
  isIncident: true,
  severity: "SEV3",
  category: "disk",
  service: "reports",
  suspectedResources: ["i-0abc12345678"],
  recentChanges: [],
  hypothesis: "disk filling",
  signals: [],
};
const logFindings = {
  summary: "",
  evidence: [],
  externalMentions: [],
  injectionAttemptDetected: false,
  flaggedText: [],
  linesAnalysed: 0,
};
const runbooks = { candidates: [], noneRelevant: true, query: "", similarIncidents: [] };
const plan = { kind: "escalate" as const, rationale: "x" };

describe("supervisor routing (rules)", () => {
  it("fills in what is missing, in order, then asks the gate", () => {
    expect(routeByRules({ steps: 0 }).next).toBe("triage");
    expect(routeByRules({ steps: 1, assessment: triage }).next).toBe("log-analysis");
    expect(routeByRules({ steps: 2, assessment: triage, logFindings }).next).toBe("runbook-retrieval");
    expect(routeByRules({ steps: 3, assessment: triage, logFindings, runbooks }).next).toBe("remediation");
    expect(routeByRules({ steps: 4, assessment: triage, logFindings, runbooks, plan }).next).toBe(
      "safety-gate",
    );
  });

  it("records without acting when triage finds no incident", () => {
    expect(routeByRules({ steps: 1, assessment: { ...triage, isIncident: false } }).next).toBe("record");
  });

  it("escalates when the step budget is used up", () => {
    expect(routeByRules({ steps: 12 }, 12).next).toBe("escalate");
  });

  it("never offers execution, and offers the gate only once a plan exists", () => {
    expect(allowedNextSteps({ steps: 0 })).not.toContain("safety-gate");
    expect(allowedNextSteps({ steps: 4, assessment: triage, logFindings, runbooks, plan })).toContain(
      "safety-gate",
    );
    for (const view of [{ steps: 0 }, { steps: 4, assessment: triage, logFindings, runbooks, plan }]) {
      expect(allowedNextSteps(view)).not.toContain("execute" as never);
    }
  });
});
