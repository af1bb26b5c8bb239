/**
 * IAM call registry entries for the responder's own data: tables, buckets, the work queue, the topic, the
 * signing secret and wake-up schedules (adapters: `graph/checkpoint`, `handlers/intake/store`,
 * `handlers/approvals`, `tools/aws/{outcomes,audit,reports,notifier,wakeups}.ts`, `knowledge/corpus/sources/s3.ts`).
 */
import type { ArnContext, IamCall, IamPrincipal } from "./iam-call-types.js";
import { accountArn, envVar } from "./iam-call-types.js";

const table = (name: string) => (c: ArnContext) => accountArn(c, "dynamodb", `table/${envVar(c, name)}`);
const object = (name: string, key: string) => (c: ArnContext) =>
  `arn:${c.partition}:s3:::${envVar(c, name)}/${key}`;
const bucket = (name: string) => (c: ArnContext) => `arn:${c.partition}:s3:::${envVar(c, name)}`;

/** `dynamodb:<op>` on one table for the listed functions. */
function tableCalls(env: string, source: string, rows: [string, IamPrincipal[]][]): IamCall[] {
  return rows.map(([op, principals]) => ({
    id: `dynamodb.${env.replace(/^AIR_|_TABLE$/g, "").toLowerCase()}.${op}`,
    principals,
    action: `dynamodb:${op}`,
    resource: table(env),
    source,
  }));
}

const ALL: IamPrincipal[] = ["intake", "worker", "approval", "sweeper"];

export const DATA_IAM_CALLS: readonly IamCall[] = [
  ...tableCalls("AIR_CHECKPOINT_TABLE", "graph/checkpoint (DynamoDBSaver)", [
    ["GetItem", ["worker", "approval"]],
    ["Query", ["worker", "approval"]],
    ["BatchGetItem", ["worker", "approval"]],
    ["PutItem", ["worker"]],
    ["BatchWriteItem", ["worker"]],
    ["UpdateItem", ["worker"]],
  ]),
  ...tableCalls("AIR_INCIDENT_TABLE", "handlers/intake/store/record-io.ts", [
    ["GetItem", ["intake", "worker", "approval"]],
    ["PutItem", ["intake", "worker"]],
    ["UpdateItem", ["intake", "worker"]],
    ["Query", ["intake", "worker", "approval"]],
  ]),
  ...tableCalls("AIR_OUTCOMES_TABLE", "tools/aws/outcomes.ts, automation/token-store.ts", [
    ["GetItem", ["worker"]],
    ["PutItem", ["worker"]],
    ["UpdateItem", ["worker"]],
    ["DeleteItem", ["worker"]],
    ["Query", ["worker"]],
  ]),
  {
    id: "dynamodb.outcomes.query-index",
    principals: ["worker"],
    action: "dynamodb:Query",
    resource: (c) => `${table("AIR_OUTCOMES_TABLE")(c)}/index/byResource`,
    source: "tools/aws/outcomes.ts (QueryCommand IndexName)",
  },
  ...tableCalls("AIR_APPROVALS_TABLE", "handlers/approvals (token store, wait list)", [
    ["PutItem", ["worker", "approval"]],
    ["DeleteItem", ["worker", "approval"]],
    ["Scan", ["worker", "approval", "sweeper"]],
  ]),
  {
    id: "dynamodb.foreign-table",
    principals: [],
    action: "dynamodb:GetItem",
    resource: (c) => accountArn(c, "dynamodb", "table/someone-elses-table"),
    expect: "deny",
    source: "scope probe: a table outside the stack",
  },
  {
    id: "s3.audit.put",
    principals: ["worker"],
    action: "s3:PutObject",
    resource: object("AIR_AUDIT_BUCKET", "audit/inc-1/0001.json"),
    source: "tools/aws/audit.ts (PutObjectCommand)",
  },
  {
    id: "s3.audit.get",
    principals: ["worker"],
    action: "s3:GetObject",
    resource: object("AIR_AUDIT_BUCKET", "audit/inc-1/0001.json"),
    source: "tools/aws/audit.ts (GetObjectCommand)",
  },
  {
    id: "s3.audit.list",
    principals: ["worker"],
    action: "s3:ListBucket",
    resource: bucket("AIR_AUDIT_BUCKET"),
    source: "tools/aws/audit.ts (ListObjectsV2Command)",
  },
  {
    id: "s3.audit.delete",
    principals: [],
    action: "s3:DeleteObject",
    resource: object("AIR_AUDIT_BUCKET", "audit/inc-1/0001.json"),
    expect: "deny",
    source: "scope probe: the audit trail is append-only",
  },
  {
    id: "s3.reports.put",
    principals: ["worker"],
    action: "s3:PutObject",
    resource: object("AIR_REPORTS_BUCKET", "reports/inc-1.md"),
    source: "tools/aws/reports.ts (PutObjectCommand)",
  },
  {
    id: "s3.knowledge.list",
    principals: ["worker"],
    action: "s3:ListBucket",
    resource: bucket("AIR_KNOWLEDGE_BUCKET"),
    source: "knowledge/corpus/sources/s3.ts (ListObjectsV2Command)",
  },
  {
    id: "s3.knowledge.get",
    principals: ["worker"],
    action: "s3:GetObject",
    resource: object("AIR_KNOWLEDGE_BUCKET", "runbooks/disk-full.md"),
    source: "knowledge/corpus/sources/s3.ts (GetObjectCommand)",
  },
  {
    id: "s3.offload.put",
    principals: ["worker"],
    action: "s3:PutObject",
    resource: object("AIR_OFFLOAD_BUCKET", "checkpoints/inc-1/blob"),
    source: "graph/checkpoint/serialization/offload.ts (PutObjectCommand)",
  },
  {
    id: "s3.offload.get",
    principals: ["worker", "approval"],
    action: "s3:GetObject",
    resource: object("AIR_OFFLOAD_BUCKET", "checkpoints/inc-1/blob"),
    source: "graph/checkpoint/serialization/offload.ts (GetObjectCommand)",
  },
  {
    id: "s3.offload.delete",
    principals: ["worker"],
    action: "s3:DeleteObject",
    resource: object("AIR_OFFLOAD_BUCKET", "checkpoints/inc-1/blob"),
    source: "graph/checkpoint/serialization/offload.ts (DeleteObjectsCommand)",
  },
  {
    id: "sqs.work.send",
    principals: ALL,
    action: "sqs:SendMessage",
    resource: (c) => {
      const url = envVar(c, "AIR_WORK_QUEUE_URL");
      return accountArn(c, "sqs", url.slice(url.lastIndexOf("/") + 1));
    },
    source: "handlers/runtime/sqs-queue.ts (SendMessageCommand)",
  },
  {
    id: "sns.notify.publish",
    principals: ["worker"],
    action: "sns:Publish",
    resource: (c) => envVar(c, "AIR_TOPIC_ARN"),
    source: "tools/aws/notifier.ts (PublishCommand)",
  },
  {
    id: "secrets.signing.get",
    principals: ["worker", "approval"],
    action: "secretsmanager:GetSecretValue",
    resource: (c) => envVar(c, "AIR_APPROVAL_SECRET_ARN"),
    source: "handlers/lambda/deps.ts (GetSecretValueCommand)",
  },
  {
    id: "scheduler.wakeup.create",
    principals: ["worker"],
    action: "scheduler:CreateSchedule",
    resource: (c) => accountArn(c, "scheduler", `schedule/${envVar(c, "AIR_WAKEUP_GROUP")}/air-wake-inc-1`),
    source: "tools/aws/wakeups.ts (CreateScheduleCommand)",
  },
  {
    id: "iam.wakeup-role.pass",
    principals: ["worker"],
    action: "iam:PassRole",
    resource: (c) => envVar(c, "AIR_WAKEUP_ROLE_ARN"),
    context: () => ({ "iam:PassedToService": "scheduler.amazonaws.com" }),
    source: "tools/aws/wakeups.ts (CreateSchedule RoleArn)",
  },
];
