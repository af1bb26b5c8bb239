import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { type Checkpoint, emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBSaver } from "../../graph/checkpoint/index.js";
import { S3Audit } from "../../tools/aws/audit.js";
import { type LocalAws, startLocalAws } from "../../tools/local-aws/servers.js";
import { IAM_DECISION_PATH } from "../lambda/core/iam-decision.js";
import type { DeployedStores } from "./aws-stack.js";
import { AwsConsoleStore } from "./aws-store.js";
import { fakePending, fakeState } from "./test-support.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const BUCKETS = { audit: "air-audit", reports: "air-reports", offload: "air-offload" };
let aws: LocalAws;
let stores: DeployedStores;

function checkpointWith(values: Record<string, unknown>): Checkpoint {
  const cp = emptyCheckpoint();
  cp.id = uuid6(-1);
  cp.channel_values = values;
  cp.channel_versions = Object.fromEntries(Object.keys(values).map((k) => [k, 1]));
  return cp;
}

/** What the deployed worker leaves behind: an incident record, its checkpoint (and interrupt), audit, report. */
async function seed(id: string, options: { pending?: boolean; report?: boolean } = {}) {
  await aws.dynamo.send(
    new PutItemCommand({
      TableName: stores.incidentTable,
      Item: { pk: { S: `INC#${id}` }, sk: { S: "RECORD" }, status: { S: "open" } },
    }),
  );
  const saver = new DynamoDBSaver({
    client: aws.dynamo,
    tableName: stores.checkpointTable,
    s3: { client: aws.s3, bucket: BUCKETS.offload, prefix: "checkpoints/" },
    compress: true,
  });
  const state = fakeState(
    id,
    options.report ? { reportLocation: `s3://${BUCKETS.reports}/reports/${id}.md` } : {},
  );
  const cp = checkpointWith(state as unknown as Record<string, unknown>);
  const config = await saver.put(
    { configurable: { thread_id: id, checkpoint_ns: "" } },
    cp,
    { source: "loop", step: 1, parents: {} } as never,
    cp.channel_versions,
  );
  if (options.pending)
    await saver.putWrites(config, [["__interrupt__", [{ id: "i1", value: fakePending(id) }]]], "task-1");
  if (options.report)
    await aws.s3.send(
      new PutObjectCommand({ Bucket: BUCKETS.reports, Key: `reports/${id}.md`, Body: `# Report ${id}` }),
    );
}

beforeAll(async () => {
  aws = await startLocalAws({ buckets: Object.values(BUCKETS) });
  stores = {
    checkpointTable: aws.tables.checkpoints,
    incidentTable: aws.tables.incidents,
    offloadBucket: BUCKETS.offload,
    auditBucket: BUCKETS.audit,
    reportsBucket: BUCKETS.reports,
    decisionUrl: "https://abc123.lambda-url.eu-west-1.on.aws/",
  };
  await seed("inc-waiting", { pending: true });
  await seed("inc-done", { report: true });
  // A hint item in the same table is not an incident.
  await aws.dynamo.send(
    new PutItemCommand({
      TableName: stores.incidentTable,
      Item: { pk: { S: "FP#abc" }, sk: { S: "HINT" }, incidentId: { S: "inc-done" } },
    }),
  );
  await new S3Audit(aws.s3, BUCKETS.audit).append({
    incidentId: "inc-done",
    time: "2026-12-01T10:01:00.000Z",
    actor: "worker",
    kind: "action",
    summary: "rolled back",
  });
}, 60_000);
afterAll(() => aws?.stop());

function store(sent: { url: string; init: { method: string; body?: unknown } }[] = [], status = 202) {
  return new AwsConsoleStore({
    stackName: "AirResponder",
    region: "eu-west-1",
    stores,
    dynamo: aws.dynamo,
    s3: aws.s3,
    credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
    send: async (url, init) => {
      sent.push({ url, init });
      if (init.method === "GET")
        return {
          status: 200,
          body: JSON.stringify({ ok: true, identity: "iam:arn:aws:iam::123456789012:user/alice" }),
        };
      return { status, body: JSON.stringify(status === 202 ? { ok: true } : { ok: false, reason: "nope" }) };
    },
  });
}

describe("the console over the deployed stack's stores", () => {
  it("lists the incidents from the incident table with their state from the checkpoints", async () => {
    const rows = await store().list();
    expect(rows.map((r) => [r.id, r.status]).sort()).toEqual([
      ["inc-done", "investigating"],
      ["inc-waiting", "awaiting-approval"],
    ]);
  });

  it("reads the pending approval, the audit chain and the report", async () => {
    const s = store();
    expect((await s.get("inc-waiting"))?.pending?.action_request.action).toBe("ecs-rollback-service");
    expect((await s.audit("inc-done")).map((r) => r.summary)).toEqual(["rolled back"]);
    expect(await s.report("inc-done")).toBe("# Report inc-done");
    expect(await s.report("inc-waiting")).toBeUndefined();
    expect(await s.get("inc-missing")).toBeUndefined();
  });

  it("decides by sending the choice (never an identity or a proof) to the IAM-authenticated URL", async () => {
    const sent: { url: string; init: { method: string; body?: unknown } }[] = [];
    const s = store(sent);
    expect(await s.identity()).toBe("iam:arn:aws:iam::123456789012:user/alice");
    const result = await s.decide("inc-waiting", { decision: "accept", comment: "go" });
    expect(result).toMatchObject({ ok: true, summary: { id: "inc-waiting" } });
    const post = sent.find((r) => r.init.method === "POST");
    expect(post?.url).toBe(`https://abc123.lambda-url.eu-west-1.on.aws${IAM_DECISION_PATH}`);
    expect(post?.init.body).toEqual({ incidentId: "inc-waiting", decision: "accept", comment: "go" });
  });

  it("shows why it cannot say who you are instead of failing the page", async () => {
    const s = new AwsConsoleStore({
      stackName: "AirResponder",
      region: "eu-west-1",
      stores,
      dynamo: aws.dynamo,
      s3: aws.s3,
      credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
      send: async () => ({ status: 403, body: '{"Message":"Forbidden"}' }),
    });
    expect(await s.identity()).toMatch(/did not say who you are: 403/);
  });

  it("reports the function's refusal", async () => {
    expect(await store([], 409).decide("inc-done", { decision: "accept" })).toEqual({
      ok: false,
      status: 409,
      reason: "nope",
    });
    expect(await store([], 403).decide("inc-waiting", { decision: "accept" })).toMatchObject({
      ok: false,
      status: 403,
    });
  });
});
