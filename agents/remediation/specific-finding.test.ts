import { describe, expect, it } from "vitest";
import type { PlanEvidence } from "./rules.js";
import { chooseRunbook } from "./rules.js";

const hit = (runbookId: string, category: string) => ({
  runbookId,
  title: runbookId,
  category,
  score: 1,
  actions: [],
  reasons: [],
});
const evidence = (specificFinding?: string): PlanEvidence => ({
  incident: {} as PlanEvidence["incident"],
  assessment: {
    isIncident: true,
    severity: "SEV2",
    category: "availability",
    service: "search-api",
    suspectedResources: ["i-1"],
    recentChanges: [],
    hypothesis: "h",
    signals: [],
    ...(specificFinding ? { specificFinding } : {}),
  },
  logFindings: {
    summary: "s",
    evidence: [],
    externalMentions: ["geo-lookup"],
    suggestedCategory: "dependency",
    injectionAttemptDetected: false,
    flaggedText: [],
    linesAnalysed: 10,
  },
  runbooks: {
    candidates: [hit("hung-process", "availability"), hit("dependency-outage", "dependency")],
    noneRelevant: false,
    query: "q",
    similarIncidents: [],
  } as unknown as PlanEvidence["runbooks"],
});

describe("a specific finding outranks a named third party in the logs", () => {
  it("keeps the better-ranked runbook when triage found an unhealthy instance", () => {
    expect(chooseRunbook(evidence("instance i-1 is failing its health checks"))?.runbookId).toBe(
      "hung-process",
    );
  });

  it("lets the third party overrule when triage found nothing specific", () => {
    expect(chooseRunbook(evidence())?.runbookId).toBe("dependency-outage");
  });
});

describe("triage's specific finding picks the runbook of its category", () => {
  it("follows the category of the finding even when retrieval ranked a logs-category runbook higher", () => {
    const e = evidence("instance i-1 is failing its health checks");
    const runbooks = e.runbooks as unknown as { candidates: unknown[] };
    runbooks.candidates = [
      hit("security-group-rule-removed", "configuration"),
      hit("dependency-outage", "dependency"),
      hit("hung-process", "availability"),
    ];
    expect(chooseRunbook(e)?.runbookId).toBe("hung-process");
  });
});

describe("a change triage blamed outranks a generic phrase in the logs", () => {
  const blamed = (recentChanges: string[], externalMentions: string[] = []) => {
    const e = evidence();
    e.assessment = {
      ...(e.assessment as NonNullable<PlanEvidence["assessment"]>),
      category: "configuration",
      recentChanges,
    };
    e.logFindings = { ...(e.logFindings as NonNullable<PlanEvidence["logFindings"]>), externalMentions };
    const runbooks = e.runbooks as unknown as { candidates: unknown[] };
    runbooks.candidates = [hit("dependency-outage", "dependency"), hit("config-change", "configuration")];
    return e;
  };
  it("follows the blamed configuration change over a 'timed out' that points at a dependency", () => {
    expect(chooseRunbook(blamed(["chg-1"]))?.runbookId).toBe("config-change");
  });
  it("keeps retrieval's order when triage blamed nothing", () => {
    expect(chooseRunbook(blamed([]))?.runbookId).toBe("dependency-outage");
  });
  it("still lets a named third party in the logs overrule", () => {
    expect(chooseRunbook(blamed(["chg-1"], ["geo-lookup"]))?.runbookId).toBe("dependency-outage");
  });
});
