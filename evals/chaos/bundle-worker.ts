/**
 * The worker as it deploys: `handlers/lambda/worker.ts` bundled with esbuild exactly as the stack bundles it
 * (`infra/bundling.ts`), loaded from a temp dir and invoked with Lambda-shaped SQS events from the in-process
 * FIFO queue and a context whose remaining time is real. DynamoDB is dynalite (every table the stack
 * creates); every other AWS service is a local endpoint that answers Secrets Manager and refuses the rest
 * with 503 (an AWS outage that outlasts the SDK's retries). Cases: a poison message reaching the
 * dead-letter queue with the DLQ alarm's condition met, and an incident whose AWS calls keep failing
 * escalated by the bundle on the command's last receive, with the reason, instead of being dead-lettered.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { IncidentStore } from "../../handlers/intake/index.js";
import { prepareSimulatedRun } from "../../handlers/runtime/local.js";
import { Responder } from "../../handlers/runtime/responder.js";
import type { WorkCommand } from "../../handlers/runtime/work-queue.js";
import { bundleEntry } from "../../infra/bundling.js";
import { REPO_ROOT } from "../../infra/lambda-entries.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { type InProcessFifoQueue, sqsEvent } from "../../tools/local/sqs-fifo-queue.js";
import { startLocalAws } from "../../tools/local-aws/servers.js";
import type { Scenario } from "../scenario/index.js";
import {
  HARNESS_VISIBILITY_MS,
  HARNESS_WORKER_TIMEOUT_MS,
  lambdaContext,
  runQueues,
} from "./queue-harness.js";

export interface BundleCaseResult {
  case: string;
  ok: boolean;
  problems: string[];
  invocations: number;
  deadLettered: number;
  dlqAlarm: boolean;
  status?: string;
  statusReason?: string;
  /** Requests the outage endpoint refused. */
  refusedAwsRequests: number;
  wallMs: number;
}

export interface BundleRun {
  bundleSeconds: number;
  bundleBytes: number;
  cases: BundleCaseResult[];
}

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Secrets Manager answers; everything else is an outage (503, retryable, so the SDK retries it first). */
async function startOutageEndpoint(): Promise<{ endpoint: string; refused: () => number; server: Server }> {
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      if (target.endsWith("GetSecretValue")) {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        res.end(
          JSON.stringify({
            ARN: "arn:aws:secretsmanager:us-east-1:0:secret:air",
            SecretString: "k".repeat(64),
          }),
        );
        return;
      }
      refused += 1;
      res.writeHead(503, { "content-type": "application/json", "x-amzn-errortype": "ServiceUnavailable" });
      res.end(JSON.stringify({ __type: "ServiceUnavailable", message: "simulated AWS outage" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, refused: () => refused, server };
}

/** The knowledge files beside the bundle, as the stack's `afterBundling` hook copies them. */
function knowledgeDir(outdir: string): string {
  const dir = join(outdir, "knowledge");
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(REPO_ROOT, "knowledge/runbooks"), join(dir, "runbooks"));
  symlinkSync(join(REPO_ROOT, "knowledge/aws-runbooks"), join(dir, "aws-runbooks"));
  symlinkSync(join(REPO_ROOT, "knowledge/retrieval/vocabulary.yaml"), join(dir, "vocabulary.yaml"));
  return dir;
}

const dedupOf = (body: string) => createHash("sha256").update(body).digest("hex").slice(0, 64);

/** Builds the worker bundle once and runs the bundle cases on `scenario`'s alarm. */
export async function runWorkerBundleCases(options: {
  scenario: Scenario;
  retriever: RunbookRetriever;
}): Promise<BundleRun> {
  const outdir = mkdtempSync(join(tmpdir(), "air-chaos-worker-"));
  const local = await startLocalAws();
  const outage = await startOutageEndpoint();
  const saved = { ...process.env };
  try {
    const b0 = performance.now();
    const bundle = await bundleEntry("handlers/lambda/worker.ts", outdir);
    const bundleSeconds = (performance.now() - b0) / 1000;
    const { tables } = local;
    Object.assign(process.env, {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_ENDPOINT_URL: outage.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: local.dynamoEndpoint,
      AWS_MAX_ATTEMPTS: "2",
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_METRICS_DISABLED: "true",
      AIR_KNOWLEDGE_DIR: knowledgeDir(outdir),
      AIR_CHECKPOINT_TABLE: tables.checkpoints,
      AIR_INCIDENT_TABLE: tables.incidents,
      AIR_APPROVALS_TABLE: tables.approvals,
      AIR_OUTCOMES_TABLE: tables.outcomes,
      AIR_WORK_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/air-run.fifo",
      AIR_WORK_QUEUE_ARN: "arn:aws:sqs:us-east-1:000000000000:air-run.fifo",
      AIR_WAKEUP_GROUP: "air-wakeups",
      AIR_WAKEUP_ROLE_ARN: "arn:aws:iam::000000000000:role/air-wakeups",
      AIR_OFFLOAD_BUCKET: "air-offload",
      AIR_AUDIT_BUCKET: "air-audit",
      AIR_REPORTS_BUCKET: "air-reports",
      AIR_TOPIC_ARN: "arn:aws:sns:us-east-1:000000000000:air",
      AIR_APPROVAL_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:air",
    });
    const { handler } = (await import(pathToFileURL(bundle.file).href)) as { handler: Handler };

    let qnow = 0;
    const fresh = () => runQueues(() => qnow);
    /** The event source mapping: receive, invoke the bundle, delete what succeeded, until the queue is empty. */
    const drain = async (queue: InProcessFifoQueue) => {
      let invocations = 0;
      for (let i = 0; i < 50 && queue.size > 0; i++) {
        const records = queue.receive(10);
        if (records.length === 0) {
          qnow += HARNESS_VISIBILITY_MS + 1;
          continue;
        }
        invocations += 1;
        const response = await handler(sqsEvent(records), lambdaContext(HARNESS_WORKER_TIMEOUT_MS));
        const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        for (const r of records) if (!failed.has(r.messageId)) queue.delete(r.receiptHandle);
      }
      return invocations;
    };

    const cases: BundleCaseResult[] = [];
    {
      const w0 = performance.now();
      const { queue, dlq } = fresh();
      queue.send("{not json", "poison", "p1");
      const invocations = await drain(queue);
      const problems = [
        ...(dlq.bodies().length === 1 ? [] : [`${dlq.bodies().length} message(s) in the DLQ, expected 1`]),
        ...(dlq.approximateNumberOfMessagesVisible > 0 ? [] : ["the DLQ alarm's condition is not met"]),
      ];
      cases.push({
        case: "bundle: poison message reaches the DLQ",
        ok: problems.length === 0,
        problems,
        invocations,
        deadLettered: queue.movedToDeadLetter,
        dlqAlarm: dlq.approximateNumberOfMessagesVisible > 0,
        refusedAwsRequests: 0,
        wallMs: performance.now() - w0,
      });
    }
    {
      const w0 = performance.now();
      const { queue, dlq } = fresh();
      const refusedBefore = outage.refused();
      // Intake (in-process, on the same incident table) opens the incident and queues its start.
      const run = prepareSimulatedRun(options.scenario, {
        retriever: options.retriever,
        outcomes: new MemoryOutcomes(),
      });
      const alarm = run.sandbox.events.find((e) => e.detail.state.value === "ALARM");
      const store = new IncidentStore({
        client: local.dynamo,
        tableName: tables.incidents,
        config: { serviceMap: {} },
      });
      const intake = new Responder({
        graph: run.graph,
        store,
        queue: {
          enqueue: async (c: WorkCommand) => {
            const body = JSON.stringify(c);
            queue.send(body, c.incidentId, dedupOf(body));
          },
        },
        waitList: { add: async () => {}, remove: async () => {}, waitingSince: async () => [] },
      });
      const opened = await intake.ingest(alarm);
      const id = opened.ok ? opened.decisions.find((d) => d.incident)?.incident?.id : undefined;
      const invocations = await drain(queue);
      const record = id ? await store.getRecord(id) : undefined;
      const incident = record
        ? { status: record.incident.status, statusReason: record.escalation }
        : undefined;
      const problems = [
        ...(id ? [] : ["intake opened no incident"]),
        ...(incident?.status === "escalated" ? [] : [`status ${incident?.status}, not escalated`]),
        ...(/AWS kept failing after 5 deliveries/.test(incident?.statusReason ?? "")
          ? []
          : [`reason "${incident?.statusReason}" does not name the fault`]),
        ...(dlq.bodies().length === 0 ? [] : ["the start command went to the DLQ instead of escalating"]),
      ];
      cases.push({
        case: "bundle: AWS outage outlasting every retry escalates the incident",
        ok: problems.length === 0,
        problems,
        invocations,
        deadLettered: queue.movedToDeadLetter,
        dlqAlarm: dlq.approximateNumberOfMessagesVisible > 0,
        ...(incident?.status ? { status: incident.status } : {}),
        ...(incident?.statusReason ? { statusReason: incident.statusReason } : {}),
        refusedAwsRequests: outage.refused() - refusedBefore,
        wallMs: performance.now() - w0,
      });
    }
    return { bundleSeconds, bundleBytes: bundle.bytes, cases };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    outage.server.close();
    await local.stop();
    rmSync(outdir, { recursive: true, force: true });
  }
}
