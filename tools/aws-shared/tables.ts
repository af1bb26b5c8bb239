/**
 * Every DynamoDB table the app uses, with its shape and default name: the one list the local AWS starter,
 * `air doctor` and the per-table helpers read. The CDK stack (`infra/constructs/storage.ts`) builds the same.
 */
import type { TableShape } from "./table.js";

export const OUTCOMES_RESOURCE_INDEX = "byResource";
export const OUTCOMES_SIGNATURE_INDEX = "bySignature";

export const TABLE_SHAPES = {
  /** LangGraph checkpoints (`graph/checkpoint/`). */
  checkpoints: { ttlAttribute: "ttl" },
  /** Incidents, alerts and intake hints (`handlers/intake/store/`). */
  incidents: { ttlAttribute: "expiresAt" },
  /** Used approval-token nonces (`handlers/approvals/token-store.ts`). */
  approvals: { sortKey: false, ttlAttribute: "ttl" },
  /** Action outcomes, for confidence and ranking (`tools/aws/outcomes.ts`). */
  outcomes: {
    ttlAttribute: "ttl",
    indexes: [
      { name: OUTCOMES_RESOURCE_INDEX, pk: "gsi1pk", sk: "gsi1sk" },
      { name: OUTCOMES_SIGNATURE_INDEX, pk: "gsi2pk", sk: "gsi2sk" },
    ],
  },
  /** SSM automation client tokens (`tools/aws/automation/token-store.ts`). */
  automationTokens: { ttlAttribute: "ttl" },
} as const satisfies Record<string, TableShape>;

export type TableKind = keyof typeof TABLE_SHAPES;
export type TableNames = Record<TableKind, string>;

export const DEFAULT_TABLE_NAMES: TableNames = {
  checkpoints: "air-checkpoints",
  incidents: "air-incidents",
  approvals: "air-approvals",
  outcomes: "air-outcomes",
  automationTokens: "air-automation-tokens",
};
