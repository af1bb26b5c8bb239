/**
 * Which function may touch which table, bucket, queue, topic and secret — one table, turned into IAM
 * statements here. Statements are written out (no CDK `grant*` helpers) so no action wildcard such as `s3:GetObject*` appears.
 */
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { LambdaName } from "../lambda-entries.js";
import { ENV } from "../runtime-contract.js";
import type { BucketName, TableName } from "./storage.js";

type Level = "read" | "write";
/** `append`: read and add objects, never delete (the audit trail). */
type BucketLevel = Level | "append";

export interface Access {
  tables: Partial<Record<TableName, Level>>;
  buckets: Partial<Record<BucketName, BucketLevel>>;
  /** May enqueue work commands on the FIFO queue. */
  enqueue: boolean;
  /** May publish approval requests and escalations. */
  notify: boolean;
  /** May read the approval signing secret (sign or verify links). */
  signingSecret: boolean;
}

/**
 * Each function builds only what it uses (`handlers/lambda/*-deps.ts`): intake and the sweeper never load the
 * graph or read the signing secret. The knowledge bucket is named to the worker alone, so only it loads
 * organisation runbooks from S3.
 */
export const ACCESS: Readonly<Record<LambdaName, Access>> = {
  intake: { tables: { incidents: "write" }, buckets: {}, enqueue: true, notify: false, signingSecret: false },
  worker: {
    tables: { checkpoints: "write", incidents: "write", outcomes: "write", approvals: "write" },
    buckets: { audit: "append", reports: "write", knowledge: "read", offload: "write" },
    enqueue: true,
    notify: true,
    signingSecret: true,
  },
  // Shows the pending action (reads the thread's checkpoint), consumes the token, queues the resume.
  approval: {
    tables: { checkpoints: "read", incidents: "read", approvals: "write" },
    buckets: { offload: "read" },
    enqueue: true,
    notify: false,
    signingSecret: true,
  },
  // Scans the waiting approvals and queues a rejection for the stale ones; the worker escalates.
  sweeper: { tables: { approvals: "read" }, buckets: {}, enqueue: true, notify: false, signingSecret: false },
};

const TABLE_READ = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"];
const TABLE_WRITE = [
  ...TABLE_READ,
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];
const OBJECT_ACTIONS: Record<BucketLevel, string[]> = {
  read: ["s3:GetObject"],
  append: ["s3:GetObject", "s3:PutObject"],
  write: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
};

export const TABLE_ENV: Record<TableName, string> = {
  checkpoints: ENV.checkpointTable,
  incidents: ENV.incidentTable,
  outcomes: ENV.outcomeTable,
  approvals: ENV.approvalTable,
};
export const BUCKET_ENV: Record<BucketName, string> = {
  audit: ENV.auditBucket,
  reports: ENV.reportBucket,
  knowledge: ENV.knowledgeBucket,
  offload: ENV.offloadBucket,
};

export interface DataResources {
  tables: Record<TableName, { tableArn: string; tableName: string }>;
  /** Secondary index names per table (queried through `<table ARN>/index/<name>`). */
  indexes: Partial<Record<TableName, readonly string[]>>;
  buckets: Record<BucketName, s3.IBucket>;
  dataKey: kms.IKey;
  workQueue: sqs.IQueue;
  topic: sns.ITopic;
  notificationsKey: kms.IKey;
  signingSecret: secretsmanager.ISecret;
}

const entries = <K extends string, V>(r: Partial<Record<K, V>>) => Object.entries(r) as [K, V][];

/** The IAM statements for one function's row of ACCESS. */
export function accessStatements(access: Access, res: DataResources): iam.PolicyStatement[] {
  const out: iam.PolicyStatement[] = [];
  for (const [name, level] of entries(access.tables)) {
    const { tableArn } = res.tables[name];
    out.push(
      new iam.PolicyStatement({
        sid: `Table${name}`,
        actions: level === "write" ? TABLE_WRITE : TABLE_READ,
        resources: [tableArn],
      }),
    );
    const indexes = res.indexes[name] ?? [];
    if (indexes.length > 0) {
      out.push(
        new iam.PolicyStatement({
          sid: `Indexes${name}`,
          actions: ["dynamodb:Query"],
          resources: indexes.map((index) => `${tableArn}/index/${index}`),
        }),
      );
    }
  }
  let needsKeyWrite = false;
  for (const [name, level] of entries(access.buckets)) {
    const bucket = res.buckets[name];
    out.push(
      new iam.PolicyStatement({
        sid: `List${name}`,
        actions: ["s3:ListBucket"],
        resources: [bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: `Objects${name}`,
        actions: OBJECT_ACTIONS[level],
        resources: [bucket.arnForObjects("*")],
      }),
    );
    if (level !== "read") needsKeyWrite = true;
  }
  if (Object.keys(access.buckets).length > 0) {
    out.push(
      new iam.PolicyStatement({
        sid: "DataKeyForBuckets",
        actions: needsKeyWrite ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
        resources: [res.dataKey.keyArn],
      }),
    );
  }
  if (access.enqueue) {
    out.push(
      new iam.PolicyStatement({
        sid: "EnqueueWork",
        actions: ["sqs:SendMessage"],
        resources: [res.workQueue.queueArn],
      }),
    );
  }
  if (access.notify) {
    out.push(
      new iam.PolicyStatement({ sid: "Notify", actions: ["sns:Publish"], resources: [res.topic.topicArn] }),
      new iam.PolicyStatement({
        sid: "NotifyKey",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [res.notificationsKey.keyArn],
      }),
    );
  }
  if (access.signingSecret) {
    out.push(
      new iam.PolicyStatement({
        sid: "SigningSecret",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [res.signingSecret.secretArn],
      }),
    );
  }
  return out;
}

/**
 * Environment variables naming the shared resources. `handlers/lambda/env.ts` requires every name in every
 * function (names are not permissions); the optional knowledge bucket is named only where it may be read.
 */
export function resourceEnvironment(access: Access, res: DataResources): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, table] of entries(res.tables)) env[TABLE_ENV[name]] = table.tableName;
  for (const [name, bucket] of entries(res.buckets)) {
    if (name !== "knowledge" || access.buckets.knowledge) env[BUCKET_ENV[name]] = bucket.bucketName;
  }
  env[ENV.workQueueUrl] = res.workQueue.queueUrl;
  env[ENV.notifyTopicArn] = res.topic.topicArn;
  env[ENV.approvalSecretArn] = res.signingSecret.secretArn;
  return env;
}
