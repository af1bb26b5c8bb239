import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { END, START, StateGraph } from "@langchain/langgraph";
import { createLogAnalysisNode } from "../agents/log-analysis/index.js";
import { createRemediationNode } from "../agents/remediation/index.js";
import { createRunbookRetrievalNode } from "../agents/runbook-retrieval/index.js";
import { createSupervisorNode, SUPERVISOR_TARGETS } from "../agents/supervisor/index.js";
import { createTriageNode } from "../agents/triage/index.js";
import type { GraphDeps } from "./deps.js";
import { APPROVAL_ENDS, createApprovalNode } from "./nodes/approval.js";
import { AWAIT_ENDS, createAwaitActionNode, routeAfterAction } from "./nodes/await-action.js";
import { CLAIM_ACTION_ENDS, createClaimActionNode } from "./nodes/claim-action.js";
import { withNodeLog } from "./nodes/common.js";
import { createEscalateNode } from "./nodes/escalate.js";
import { createExecuteNode } from "./nodes/execute.js";
import { createNextStageNode, NEXT_STAGE_ENDS } from "./nodes/next-stage.js";
import { createRecordNode } from "./nodes/record.js";
import { createReportNode } from "./nodes/report.js";
import { createRequestApprovalNode } from "./nodes/request-approval.js";
import { createRollbackNode } from "./nodes/rollback.js";
import { createSafetyGateNode, SAFETY_GATE_ENDS } from "./nodes/safety-gate.js";
import { createUnwindNode, UNWIND_ENDS } from "./nodes/unwind.js";
import { createVerifyNode, VERIFY_ENDS } from "./nodes/verify.js";
import { createWaitNode, WAIT_ENDS } from "./nodes/wait.js";
import { IncidentState } from "./state.js";

/** Wiring only: which node follows which. The nodes live in agents/ and graph/nodes/. */
export function buildIncidentGraph(deps: GraphDeps) {
  const { ports, retriever, reasoner, modelFor, logger } = deps;
  const agents = { ports, retriever, reasoner, modelFor, logger };
  const logged = <S extends { incident?: { id: string } }, C, R>(
    name: string,
    node: (s: S, c: C) => Promise<R>,
  ) => withNodeLog(logger, name, node);
  return new StateGraph(IncidentState)
    .addNode("supervisor", createSupervisorNode(agents, deps.stepBudget), { ends: [...SUPERVISOR_TARGETS] })
    .addNode("triage", createTriageNode(agents))
    .addNode("log-analysis", createLogAnalysisNode(agents))
    .addNode("runbook-retrieval", createRunbookRetrievalNode(agents))
    .addNode("remediation", createRemediationNode(agents))
    .addNode("safety-gate", logged("safety-gate", createSafetyGateNode(deps)), {
      ends: [...SAFETY_GATE_ENDS],
    })
    .addNode("request-approval", logged("request-approval", createRequestApprovalNode(deps)))
    .addNode("approval", logged("approval", createApprovalNode(deps)), { ends: [...APPROVAL_ENDS] })
    .addNode("claim-action", logged("claim-action", createClaimActionNode(deps)), {
      ends: [...CLAIM_ACTION_ENDS],
    })
    .addNode("execute", logged("execute", createExecuteNode(deps)))
    .addNode("await-action", logged("await-action", createAwaitActionNode(deps, "fix")), {
      ends: [...AWAIT_ENDS],
    })
    .addNode("verify", logged("verify", createVerifyNode(deps)), { ends: [...VERIFY_ENDS] })
    .addNode("rollback", logged("rollback", createRollbackNode(deps)))
    .addNode("await-rollback", logged("await-rollback", createAwaitActionNode(deps, "rollback")), {
      ends: [...AWAIT_ENDS],
    })
    .addNode("next-stage", logged("next-stage", createNextStageNode(deps)), { ends: [...NEXT_STAGE_ENDS] })
    .addNode("unwind", logged("unwind", createUnwindNode(deps)), { ends: [...UNWIND_ENDS] })
    .addNode("wait", createWaitNode(), { ends: [...WAIT_ENDS] })
    .addNode("escalate", logged("escalate", createEscalateNode(deps)))
    .addNode("record", logged("record", createRecordNode(deps)))
    .addNode("report", logged("report", createReportNode(deps)))
    .addEdge(START, "supervisor")
    .addEdge("triage", "supervisor")
    .addEdge("log-analysis", "supervisor")
    .addEdge("runbook-retrieval", "supervisor")
    .addEdge("remediation", "supervisor")
    .addEdge("request-approval", "approval")
    .addConditionalEdges("execute", routeAfterAction("fix"), ["verify", "wait"])
    .addConditionalEdges("rollback", routeAfterAction("rollback"), ["escalate", "unwind", "wait"])
    .addEdge("escalate", "record")
    .addEdge("record", "report")
    .addEdge("report", END);
}

/** The compiled graph; pass a checkpointer to make runs durable and resumable. */
export function compileIncidentGraph(deps: GraphDeps, checkpointer?: BaseCheckpointSaver) {
  return buildIncidentGraph(deps).compile({ checkpointer, name: "incident-responder" });
}

export type IncidentGraph = ReturnType<typeof compileIncidentGraph>;
