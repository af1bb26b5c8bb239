/**
 * State and records: the four DynamoDB tables and the S3 buckets (audit with Object Lock, reports,
 * knowledge, checkpoint offload) plus their access-log bucket and the customer-managed data key.
 * Everything holding data is retained when the stack is deleted.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { ResponderConfig } from "../config.js";

export type TableName = "checkpoints" | "incidents" | "outcomes" | "approvals";

interface TableSpec {
  partitionKey: string;
  sortKey?: string;
  /** Global secondary indexes (string keys, all attributes projected). */
  indexes?: readonly { name: string; partitionKey: string; sortKey: string }[];
  /** Epoch-seconds attribute DynamoDB expires items by. */
  ttl: string;
}

/** Key schemas match the code that reads them (graph/checkpoint, handlers/intake/store, handlers/approvals). */
export const TABLES: Readonly<Record<TableName, TableSpec>> = {
  checkpoints: { partitionKey: "pk", sortKey: "sk", ttl: "ttl" },
  /** handlers/intake/store/table.ts stamps `expiresAt` on its hint items. */
  incidents: { partitionKey: "pk", sortKey: "sk", ttl: "expiresAt" },
  /** tools/aws/outcomes.ts queries by resource and by incident signature; automation tokens share it. */
  outcomes: {
    partitionKey: "pk",
    sortKey: "sk",
    ttl: "ttl",
    indexes: [
      { name: "byResource", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
      { name: "bySignature", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    ],
  },
  /** One item per used token nonce or waiting incident (`TOKEN#…`, `WAIT#…`). */
  approvals: { partitionKey: "pk", ttl: "ttl" },
};

export type BucketName = "audit" | "reports" | "knowledge" | "offload";

export class Storage extends Construct {
  /** Encrypts the buckets; rotated yearly by KMS. */
  readonly dataKey: kms.Key;
  readonly tables: Record<TableName, dynamodb.Table>;
  readonly buckets: Record<BucketName, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, config: ResponderConfig) {
    super(scope, id);
    this.dataKey = new kms.Key(this, "DataKey", {
      description: "air: incident responder data (S3 buckets)",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const tables = {} as Record<TableName, dynamodb.Table>;
    for (const [name, spec] of Object.entries(TABLES) as [TableName, TableSpec][]) {
      tables[name] = new dynamodb.Table(this, `${capitalise(name)}Table`, {
        partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
        ...(spec.sortKey ? { sortKey: { name: spec.sortKey, type: dynamodb.AttributeType.STRING } } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: spec.ttl,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        // KMS encryption with the AWS-managed key: callers need no KMS grants, use is logged in CloudTrail.
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const index of spec.indexes ?? []) {
        tables[name].addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
    }
    this.tables = tables;

    this.accessLogs = new s3.Bucket(this, "AccessLogsBucket", {
      // Log delivery cannot write to SSE-KMS buckets; S3-managed keys are the supported choice.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: "expire-access-logs", expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const common = (prefix: string): s3.BucketProps => ({
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${prefix}/`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const retention = Duration.days(config.auditRetentionDays);
    this.buckets = {
      audit: new s3.Bucket(this, "AuditBucket", {
        ...common("audit"),
        versioned: true,
        objectLockEnabled: true,
        objectLockDefaultRetention:
          config.auditRetentionMode === "COMPLIANCE"
            ? s3.ObjectLockRetention.compliance(retention)
            : s3.ObjectLockRetention.governance(retention),
      }),
      reports: new s3.Bucket(this, "ReportsBucket", { ...common("reports"), versioned: true }),
      knowledge: new s3.Bucket(this, "KnowledgeBucket", { ...common("knowledge"), versioned: true }),
      offload: new s3.Bucket(this, "CheckpointOffloadBucket", {
        ...common("offload"),
        lifecycleRules: [
          {
            id: "expire-offloaded-checkpoints",
            expiration: Duration.days(config.offloadExpirationDays),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
      }),
    };
    // The audit trail is append-only for everyone, administrators included: Object Lock keeps locked
    // versions, but a plain DELETE would still hide a record behind a delete marker.
    this.buckets.audit.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AuditTrailIsAppendOnly",
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: [this.buckets.audit.arnForObjects("*")],
      }),
    );
  }
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Index names per table, for the IAM statements that query them. */
export function tableIndexes(): Partial<Record<TableName, readonly string[]>> {
  const out: Partial<Record<TableName, readonly string[]>> = {};
  for (const [name, spec] of Object.entries(TABLES) as [TableName, TableSpec][]) {
    if (spec.indexes) out[name] = spec.indexes.map((i) => i.name);
  }
  return out;
}
