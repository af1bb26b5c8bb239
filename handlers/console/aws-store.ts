/**
 * The console over the deployed stack (`air console --aws`), through the user's own AWS credentials:
 * incidents from the incident table, their state from the checkpoint table (the same `DynamoDBSaver` the
 * worker writes, S3 offload included), the audit chain and reports from their buckets. Decisions are never
 * signed here: they go SigV4-signed to the approval function's IAM-authenticated URL, which takes the caller's
 * principal from the request context, checks the approver list and resumes through `signedResume`.
 */
import { type DynamoDBClient, paginateScan } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { DynamoDBSaver } from "../../graph/checkpoint/index.js";
import { S3Audit } from "../../tools/aws/audit.js";
import { IAM_DECISION_PATH } from "../lambda/core/iam-decision.js";
import type { DeployedStores } from "./aws-stack.js";
import { recordFromTuple } from "./pending.js";
import { type Credentials, type SignedResponse, sendSigned } from "./sigv4.js";
import type { ConsoleStore, DecisionResult, IncidentRecord } from "./store.js";
import { type IncidentSummary, summarise } from "./view.js";

export interface AwsStoreOptions {
  stackName: string;
  region: string;
  stores: DeployedStores;
  dynamo: DynamoDBClient;
  s3: S3Client;
  credentials: Credentials;
  /** How long a summary of a still-running incident is reused (default 10 s); finished ones are kept. */
  refreshMs?: number;
  /** Sends the signed decision request (tests replace the network). */
  send?: (url: string, init: { method: "GET" | "POST"; body?: unknown }) => Promise<SignedResponse>;
  now?: () => number;
}

const FINISHED = new Set(["resolved", "escalated", "not-an-incident"]);
const INCIDENT_PK = /^INC#(.+)$/;

export class AwsConsoleStore implements ConsoleStore {
  readonly where: string;
  private readonly saver: DynamoDBSaver;
  private readonly audits: S3Audit;
  private readonly cache = new Map<
    string,
    { record: IncidentRecord; summary: IncidentSummary; at: number }
  >();
  private who?: Promise<string>;

  constructor(private readonly options: AwsStoreOptions) {
    const { stores } = options;
    this.where = `stack ${options.stackName} in ${options.region} (tables ${stores.incidentTable}, ${stores.checkpointTable})`;
    this.saver = new DynamoDBSaver({
      client: options.dynamo,
      tableName: stores.checkpointTable,
      s3: { client: options.s3, bucket: stores.offloadBucket, prefix: "checkpoints/" },
      compress: true,
    });
    this.audits = new S3Audit(options.s3, stores.auditBucket);
  }

  private send(init: { method: "GET" | "POST"; body?: unknown }) {
    const url = new URL(IAM_DECISION_PATH, this.options.stores.decisionUrl).toString();
    return this.options.send
      ? this.options.send(url, init)
      : sendSigned(url, init, this.options.region, this.options.credentials);
  }

  /**
   * The identity the approval function sees for these credentials (`iam:<ARN>`), asked once. Pages show it;
   * when the URL cannot be reached they say so instead of failing (and the next page asks again).
   */
  async identity(): Promise<string> {
    this.who ??= this.send({ method: "GET" }).then((res) => {
      const body = parse(res.body);
      if (res.status !== 200 || typeof body.identity !== "string")
        throw new Error(
          `${res.status}: ${typeof body.reason === "string" ? body.reason : res.body.slice(0, 200)}`,
        );
      return body.identity;
    });
    try {
      return await this.who;
    } catch (error) {
      this.who = undefined;
      return `your IAM principal (the console URL did not say who you are: ${(error as Error).message})`;
    }
  }

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  private async cached(incidentId: string) {
    const hit = this.cache.get(incidentId);
    const fresh =
      hit && (FINISHED.has(hit.summary.status) || this.now() - hit.at < (this.options.refreshMs ?? 10_000));
    if (hit && fresh) return hit;
    const record = recordFromTuple(
      await this.saver.getTuple({ configurable: { thread_id: incidentId, checkpoint_ns: "" } }),
    );
    if (!record) return undefined;
    const entry = { record, summary: summarise(record.state, record.pending), at: this.now() };
    this.cache.set(incidentId, entry);
    return entry;
  }

  /** Incident ids from the incident table's records (`INC#<id>` / `RECORD`). */
  private async incidentIds(): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateScan(
      { client: this.options.dynamo },
      {
        TableName: this.options.stores.incidentTable,
        ProjectionExpression: "pk",
        FilterExpression: "sk = :record",
        ExpressionAttributeValues: { ":record": { S: "RECORD" } },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const id = item.pk?.S?.match(INCIDENT_PK)?.[1];
        if (id) ids.push(id);
      }
    }
    return ids;
  }

  async list(): Promise<IncidentSummary[]> {
    const ids = await this.incidentIds();
    const rows: IncidentSummary[] = [];
    for (let i = 0; i < ids.length; i += 16) {
      const batch = await Promise.all(ids.slice(i, i + 16).map((id) => this.cached(id)));
      for (const entry of batch) if (entry) rows.push(entry.summary);
    }
    return rows.sort((a, b) => b.openedAt.localeCompare(a.openedAt) || a.id.localeCompare(b.id));
  }

  async get(incidentId: string) {
    return (await this.cached(incidentId))?.record;
  }

  audit(incidentId: string) {
    return this.audits.list(incidentId);
  }

  /** The alarm metric is not read from CloudWatch yet: the page shows the incident without the chart. */
  async metric() {
    return undefined;
  }

  /** The report the worker wrote (`s3://<reports bucket>/<key>`); other locations are not read. */
  async report(incidentId: string) {
    const location = (await this.get(incidentId))?.state.reportLocation;
    const match = location?.match(/^s3:\/\/([^/]+)\/(.+)$/);
    if (!match || match[1] !== this.options.stores.reportsBucket) return undefined;
    try {
      const res = await this.options.s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
      return await res.Body?.transformToString("utf8");
    } catch {
      return undefined;
    }
  }

  async decide(...[incidentId, choice]: Parameters<ConsoleStore["decide"]>): Promise<DecisionResult> {
    const res = await this.send({
      method: "POST",
      body: {
        incidentId,
        decision: choice.decision,
        ...(choice.comment ? { comment: choice.comment } : {}),
        ...(choice.edited ? { edited: choice.edited } : {}),
      },
    });
    const body = parse(res.body);
    const reason = typeof body.reason === "string" ? body.reason : res.body.slice(0, 300);
    if (res.status === 404 || res.status === 409) return { ok: false, status: res.status, reason };
    if (res.status !== 202) return { ok: false, status: 403, reason: `refused (${res.status}): ${reason}` };
    // The worker resumes asynchronously: show the incident as it is now; the next poll shows it move on.
    this.cache.delete(incidentId);
    const after = await this.cached(incidentId);
    if (!after) return { ok: false, status: 404, reason: `incident ${incidentId} vanished` };
    return { ok: true, summary: after.summary };
  }

  async close() {}
}

function parse(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
