/**
 * The wildcards of the data-resource read statements (`constructs/data-read-permissions.ts`): the resource is
 * named by the incident (an alarm's dimension, a change), never known at deploy time; the tag condition
 * limits the reads to resources the responder manages.
 */
import type { WildcardAllowance } from "./iam-wildcards.js";

const ACCOUNT_ARN = (service: string) =>
  `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const resource = (service: string, rest: string) => new RegExp(`^Resource::${ACCOUNT_ARN(service)}${rest}$`);
const NAMED =
  "read-only: the resource is named by the incident; only resources carrying the managed tag are described";

export const DATA_READ_WILDCARDS: readonly WildcardAllowance[] = [
  {
    finding: resource("dynamodb", "table/\\*"),
    actions: ["dynamodb:DescribeTable", "dynamodb:ListTagsOfResource"],
    condition: "aws:ResourceTag/",
    reason: NAMED,
  },
  {
    finding: resource("sqs", "\\*"),
    actions: [
      "sqs:GetQueueUrl",
      "sqs:GetQueueAttributes",
      "sqs:ListQueueTags",
      "sqs:ListDeadLetterSourceQueues",
    ],
    condition: "aws:ResourceTag/",
    reason: NAMED,
  },
  {
    finding: resource("rds", "db:\\*"),
    actions: ["rds:DescribeDBInstances"],
    condition: "aws:ResourceTag/",
    reason: NAMED,
  },
  {
    finding: resource("ssm", "parameter/\\*"),
    actions: ["ssm:ListTagsForResource"],
    condition: "aws:ResourceTag/",
    reason: NAMED,
  },
];
