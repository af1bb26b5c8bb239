import { describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { analyseLogsByRules } from "../log-analysis/rules.js";
import { planByRules } from "../remediation/rules.js";
import { retrieveByRules } from "../runbook-retrieval/rules.js";
import { worldAtAlarm } from "../shared/test-support.js";
import { risingFailures } from "./cross-service.js";
import { triageByRules } from "./rules.js";

describe("cross-service suspects", () => {
  it("failures count when well above the floor and the resource's own usual rate", () => {
    expect(risingFailures([...Array(30).fill(0), 40, 60, 80])).toMatchObject({ now: 60 });
    expect(risingFailures([...Array(30).fill(20), 22, 21, 25])).toBeUndefined();
    expect(risingFailures([...Array(30).fill(0), 1, 2, 1])).toBeUndefined();
  });

  it("checkout's 5XX: the root cause is the ledger team's throttled table, and its on-call gets the escalation", async () => {
    const { ports, incident } = await worldAtAlarm("shared-table-throttled");
    const assessment = await triageByRules(ports, incident);
    expect(assessment.suspectedResources[0]).toBe("ledger-entries");
    expect(assessment.crossService).toMatchObject({
      service: "ledger",
      resource: "ledger-entries",
      team: "ledger-oncall",
    });
    expect(assessment.category).toBe("throttling");
    const logFindings = await analyseLogsByRules(ports, incident);
    const runbooks = await retrieveByRules(await createRetriever(), { incident, assessment, logFindings });
    const plan = await planByRules(ports, { incident, assessment, logFindings, runbooks });
    expect(plan).toMatchObject({ kind: "escalate", escalateTo: "ledger-oncall" });
  });

  it("a change to the alarmed resource still explains its own errors", async () => {
    const { ports, incident } = await worldAtAlarm("bad-ecs-deploy");
    const triage = await triageByRules(ports, incident);
    expect(triage.crossService).toBeUndefined();
    expect(triage.category).toBe("deployment");
  });
});
