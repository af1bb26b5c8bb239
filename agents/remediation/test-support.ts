/**
 * Test support for the remediation tests: a bundled scenario run to its alarm, and the evidence the planner
 * gets there from the rules-mode triage, log analysis and runbook retrieval.
 */
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { analyseLogsByRules } from "../log-analysis/rules.js";
import { retrieveByRules } from "../runbook-retrieval/rules.js";
import { worldAtAlarm } from "../shared/test-support.js";
import { triageByRules } from "../triage/rules.js";

export async function evidenceAtAlarm(name: string) {
  const world = await worldAtAlarm(name);
  const assessment = await triageByRules(world.ports, world.incident);
  const logFindings = await analyseLogsByRules(world.ports, world.incident);
  const runbooks = await retrieveByRules(await createRetriever(), {
    incident: world.incident,
    assessment,
    logFindings,
  });
  return { ...world, evidence: { incident: world.incident, assessment, logFindings, runbooks } };
}
