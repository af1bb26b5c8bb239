import type { ModelFactory, ReasonerConfig } from "../agents/shared/context.js";
import type { RunbookRetriever } from "../knowledge/retrieval/types.js";
import type { Logger } from "../tools/logger.js";
import type { Ports } from "../tools/ports.js";
import type { GatePolicy } from "./policy/config.js";

/** Makes the link an approver follows; the approval handler verifies what it signs. */
export interface ApprovalLinks {
  create(request: {
    incidentId: string;
    actionId: string;
    params: Record<string, unknown>;
    /** The one person this link is for (its token is bound to them). */
    approver?: string;
  }): Promise<string>;
}

/** Everything the incident graph is built from. The entry point chooses real or simulated adapters. */
export interface GraphDeps {
  ports: Ports;
  retriever: RunbookRetriever;
  reasoner: ReasonerConfig;
  policy: GatePolicy;
  /** Builds the model a run's `configurable.modelId` names (per-thread model choice, e.g. in Studio). */
  modelFor?: ModelFactory;
  /** Structured log lines from nodes and agents; silent when absent. */
  logger?: Logger;
  /** Most supervisor steps before escalation; a run's `configurable.stepBudget` overrides it. */
  stepBudget?: number;
  approvalLinks?: ApprovalLinks;
  /** Seconds between status polls of a running automation. */
  pollSeconds?: number;
  /**
   * The key signed approvals are verified with (graph/policy/approval-proof.ts). The entry points that
   * authenticate approvers sign with it; without it no accept is ever valid and every sign-off escalates.
   */
  approvalKey?: string;
  /**
   * Only for LangGraph Studio on the simulated account: the identity an unsigned accept is taken to come
   * from (the dev server's OS user). Never set in a deployment.
   */
  localApprover?: string;
}
