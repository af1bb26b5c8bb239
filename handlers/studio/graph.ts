/**
 * The incident graph for LangGraph Studio (`langgraph.json` → `incident`), in rules mode over the
 * simulated AWS account. No checkpointer: the dev server supplies persistence.
 *
 * Each thread gets its own simulated account, created on its first step. Its scenario is the thread's
 * `configurable.scenario`, else the one the input incident was opened for (incident ids start with the
 * scenario id), else `AIR_STUDIO_SCENARIO`, else `bad-ecs-deploy` (which stops at the approval interrupt).
 * The input is `{ "incident": … }`; print one with
 *   npx tsx handlers/studio/print-input.ts [scenario]
 * and paste it into Studio's input box. Resume an approval with `{ "decision": "accept", "by": "you" }`
 * (or reject / edit, or an Agent Inbox response).
 *
 * Per thread (Studio's assistant config, `configurable`): `modelId` (a Bedrock model or inference profile, or
 * "rules"), `stepBudget` and `maxToolRounds` override the defaults (AIR_STEP_BUDGET, AIR_MAX_TOOL_ROUNDS).
 */
import { compileIncidentGraph } from "../../graph/incident-graph.js";
import { defaultGatePolicy } from "../../graph/policy/config.js";
import { osUserIdentity } from "../approvals/sign-decision.js";
import { configFromEnv } from "../runtime/config.js";
import { bedrockModelFactory } from "../runtime/model.js";
import { LazyRetriever } from "./retriever.js";
import { StudioWorlds } from "./worlds.js";

const studioConfig = configFromEnv();

/** The runbook corpus, loaded on the first search and shared by every thread. */
const retriever = new LazyRetriever();

/** The per-thread simulated accounts behind the graph's ports. */
export const studioWorlds = new StudioWorlds(retriever);

export const graph = compileIncidentGraph({
  ports: studioWorlds.ports(),
  retriever,
  reasoner: { mode: "rules" },
  modelFor: bedrockModelFactory(studioConfig.region),
  stepBudget: studioConfig.stepBudget,
  policy: defaultGatePolicy(),
  // Studio runs on loopback against the simulated account only: its accept button has no signed identity,
  // so the dev server's OS user is taken as the approver. Deployments never set this.
  localApprover: osUserIdentity(),
});
