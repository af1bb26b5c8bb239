/**
 * IAM call registry entries for the data and configuration resource descriptions (`dynamodb.ts`, `sqs.ts`,
 * `rds.ts`, `parameters.ts`, `appconfig.ts`): each read allowed to the worker on a resource carrying the
 * managed tag, and probed as denied on an untagged one. `ssm:GetParameterHistory` and
 * `appconfig:ListDeployments` are the change feed's reads (`changes/iam-calls.ts`); `tag:GetResources` is in
 * `iam-calls.ts`.
 */
import type { ArnContext, IamCall } from "../iam-call-types.js";
import { accountArn, tagged, untagged } from "../iam-call-types.js";

const table = (c: ArnContext) => accountArn(c, "dynamodb", "table/products");
const queue = (c: ArnContext) => accountArn(c, "sqs", "fulfilment-orders");
const db = (c: ArnContext) => accountArn(c, "rds", "db:orders-db");
const parameter = (c: ArnContext) => accountArn(c, "ssm", "parameter/checkout/db/pool-size");

function read(id: string, action: string, resource: (c: ArnContext) => string, source: string): IamCall[] {
  return [
    { id, principals: ["worker"], action, resource, context: tagged, source },
    { id: `${id}.untagged`, principals: [], action, resource, context: untagged, expect: "deny", source },
  ];
}

export const DATA_RESOURCE_IAM_CALLS: readonly IamCall[] = [
  ...read("describe.dynamodb.table", "dynamodb:DescribeTable", table, "tools/aws/resources/dynamodb.ts"),
  ...read("describe.dynamodb.tags", "dynamodb:ListTagsOfResource", table, "tools/aws/resources/dynamodb.ts"),
  ...read("describe.sqs.url", "sqs:GetQueueUrl", queue, "tools/aws/resources/sqs.ts (GetQueueUrlCommand)"),
  ...read("describe.sqs.attributes", "sqs:GetQueueAttributes", queue, "tools/aws/resources/sqs.ts"),
  ...read("describe.sqs.tags", "sqs:ListQueueTags", queue, "tools/aws/resources/sqs.ts"),
  ...read(
    "describe.sqs.dead-letter-sources",
    "sqs:ListDeadLetterSourceQueues",
    queue,
    "tools/aws/resources/sqs.ts (the queues a dead-letter queue redrives to)",
  ),
  // AWS-RebootRdsInstance's role also reads any instance (it waits for the one it reboots to be available),
  // so the untagged probe runs in deployments without that action; the worker's statement is the same in all.
  {
    id: "describe.rds.instances",
    principals: ["worker", "ssm-role:AWS-RebootRdsInstance"],
    action: "rds:DescribeDBInstances",
    resource: db,
    context: tagged,
    source: "tools/aws/resources/rds.ts; AWS-RebootRdsInstance (waits for the instance)",
  },
  {
    id: "describe.rds.instances.untagged",
    principals: [],
    action: "rds:DescribeDBInstances",
    resource: db,
    context: untagged,
    expect: "deny",
    when: (c) => !c.enabledActions.includes("rds-reboot-instance"),
    source: "tools/aws/resources/rds.ts (scope probe)",
  },
  ...read(
    "describe.ssm.parameter-tags",
    "ssm:ListTagsForResource",
    parameter,
    "tools/aws/resources/parameters.ts",
  ),
];
