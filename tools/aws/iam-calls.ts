/**
 * The IAM call registry: every AWS API call a deployed function can make, with the resource ARN its adapter
 * builds and the condition keys the request carries. `infra/iam-sim` simulates each entry against that
 * function's synthesized policy (`npm run check:iam`), so a missing grant or an over-broad one fails offline.
 *
 * Entries live beside their adapters (`automation/iam-calls.ts`, `changes/iam-calls.ts`, `logs/iam-calls.ts`,
 * `resources/iam-calls.ts`, `data-iam-calls.ts`); this module holds the shape and the full list.
 * Adding an action's calls = one entry in the file beside its adapter (infra/README.md, "IAM call registry").
 */

import { FAMILY_IAM_CALLS } from "./automation/family-iam-calls.js";
import { ACTION_IAM_CALLS } from "./automation/iam-calls.js";
import { CHANGE_FEED_IAM_CALLS } from "./changes/iam-calls.js";
import { DATA_IAM_CALLS } from "./data-iam-calls.js";
import { LOGS_IAM_CALLS } from "./logs/iam-calls.js";
import { INVESTIGATION_IAM_CALLS } from "./resources/iam-calls.js";

export * from "./iam-call-types.js";

import type { IamCall } from "./iam-call-types.js";

export const IAM_CALLS: readonly IamCall[] = [
  ...DATA_IAM_CALLS,
  ...INVESTIGATION_IAM_CALLS,
  ...CHANGE_FEED_IAM_CALLS,
  ...LOGS_IAM_CALLS,
  ...ACTION_IAM_CALLS,
  ...FAMILY_IAM_CALLS,
];
