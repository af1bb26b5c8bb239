/**
 * Checkpoint saver benchmark: runs the same incident workload (by default the real incident graph on the
 * simulated account, cycling through the demo scenarios; `--workload synthetic` for an 8-node graph) with
 * MemorySaver and with DynamoDBSaver on an in-process dynalite, then prints throughput, latency and bytes
 * per incident side by side.
 *
 *   npx tsx evals/bench/checkpoint-bench.ts --incidents 50 [--json out.json]
 *
 * dynalite runs in this process, so DynamoDB figures include the emulator's CPU and no network:
 * use them to compare saver overhead and write volume, not to predict AWS latency.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import { writeFile } from "node:fs/promises";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { Annotation, END, MemorySaver, START, StateGraph } from "@langchain/langgraph";
import { JsonPlusSerializer, type SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { Command, Option } from "commander";
import { DynamoDBSaver } from "../../graph/checkpoint/saver.js";
import { createCheckpointTable } from "../../graph/checkpoint/table.js";
import { DEMO_SCENARIOS } from "../../handlers/cli/commands/scenarios.js";
import { driveIncident } from "../../handlers/runtime/drive.js";
import { prepareSimulatedRun } from "../../handlers/runtime/local.js";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { localAwsClientConfig, startLocalDynamo } from "../../tools/local-aws/servers.js";
import { loadScenario } from "../scenario/index.js";

interface Message {
  role: "system" | "assistant" | "tool";
  content: string;
}
interface TimelineEvent {
  step: number;
  node: string;
  summary: string;
}

const State = Annotation.Root({
  incidentId: Annotation<string>(),
  severity: Annotation<string>(),
  hypothesis: Annotation<string>(),
  messages: Annotation<Message[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  timeline: Annotation<TimelineEvent[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
type StateT = typeof State.State;

type Durability = "sync" | "async";

const NODES = ["intake", "triage", "logs", "metrics", "runbook", "plan", "execute", "report"] as const;

/** Deterministic pseudo-log text so both savers serialize identical state. */
function logExcerpt(seed: number, lines: number): string {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const ms = Math.floor(next() * 5000);
    const code = [200, 500, 502, 503][Math.floor(next() * 4)];
    out.push(`2025-01-0${1 + (i % 9)}T12:${String(i % 60).padStart(2, "0")} GET /api/orders ${code} ${ms}ms`);
  }
  return out.join("\n");
}

function buildGraph(checkpointer: BaseCheckpointSaver) {
  const graph = new StateGraph(State);
  NODES.forEach((node, step) => {
    graph.addNode(node, (s: StateT): Partial<StateT> => {
      const seed = s.incidentId.length * 7919 + step * 104_729 + s.messages.length;
      const update: Partial<StateT> = {
        messages: [
          { role: "tool", content: logExcerpt(seed, 8) },
          { role: "assistant", content: `${node}: reviewed evidence (${s.messages.length} messages so far)` },
        ],
        timeline: [{ step, node, summary: `${node} completed for ${s.incidentId}` }],
      };
      if (node === "triage") update.severity = "SEV2";
      if (node === "plan") update.hypothesis = "deploy 42 raised 5xx on /api/orders; roll back";
      return update;
    });
  });
  const g = graph as unknown as StateGraph<typeof State.spec, StateT, Partial<StateT>, string>;
  g.addEdge(START, NODES[0]);
  for (let i = 1; i < NODES.length; i++) g.addEdge(NODES[i - 1] as string, NODES[i] as string);
  g.addEdge(NODES[NODES.length - 1] as string, END);
  return g.compile({ checkpointer });
}

/** Serializer wrapper counting the bytes a saver serializes. */
class CountingSerde implements SerializerProtocol {
  bytes = 0;
  private readonly inner = new JsonPlusSerializer();
  async dumpsTyped(data: unknown): Promise<[string, Uint8Array]> {
    const out = await this.inner.dumpsTyped(data);
    this.bytes += out[1].byteLength;
    return out;
  }
  loadsTyped(type: string, data: Uint8Array | string) {
    return this.inner.loadsTyped(type, data);
  }
}

interface Timed {
  calls: number;
  ms: number;
}
/** Wrap a saver method to count calls and accumulate time spent in it. */
function instrument(saver: BaseCheckpointSaver, method: "put" | "putWrites" | "getTuple"): Timed {
  const stats = { calls: 0, ms: 0 };
  const original = (saver[method] as (...args: unknown[]) => Promise<unknown>).bind(saver);
  (saver as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const start = performance.now();
    try {
      return await original(...args);
    } finally {
      stats.calls++;
      stats.ms += performance.now() - start;
    }
  };
  return stats;
}

interface Result {
  saver: string;
  incidents: number;
  workloadSeconds: number;
  incidentsPerSecond: number;
  putCalls: number;
  putsPerSecond: number;
  meanPutMs: number;
  putWritesCalls: number;
  meanPutWritesMs: number;
  getsPerSecond: number;
  meanGetMs: number;
  serializedBytesPerIncident: number;
  dynamoRequestBytesPerIncident?: number;
  dynamoWriteRequestBytesPerIncident?: number;
  dynamoRequestsPerIncident?: number;
  /** DynamoDB request counters sampled right after the workload (before the getTuple timing). */
  workloadRequests?: { all: number; writes: number; requests: number };
}

/** Runs incident number i on a saver and returns its thread id. */
type IncidentRun = (saver: BaseCheckpointSaver, i: number, durability: Durability) => Promise<string>;

/** The synthetic 8-node workload. */
function syntheticRun(): IncidentRun {
  const graphs = new WeakMap<BaseCheckpointSaver, ReturnType<typeof buildGraph>>();
  return async (saver, i, durability) => {
    let graph = graphs.get(saver);
    if (!graph) {
      graph = buildGraph(saver);
      graphs.set(saver, graph);
    }
    const incidentId = `inc-${String(i).padStart(4, "0")}`;
    await graph.invoke({ incidentId }, { configurable: { thread_id: incidentId }, durability });
    return incidentId;
  };
}

/** The real incident graph on the simulated account, cycling through the demo scenarios (approvals accepted). */
async function incidentRun(): Promise<IncidentRun> {
  const retriever = await createRetriever();
  const names = [...DEMO_SCENARIOS, "traffic-surge-asg", "memory-leak-ec2"];
  const scenarios = await Promise.all(
    names.map((n) => loadScenario(new URL(`../scenarios/${n}.yaml`, import.meta.url).pathname)),
  );
  return async (saver, i) => {
    const scenario = scenarios[i % scenarios.length]!;
    const run = prepareSimulatedRun(scenario, {
      retriever,
      checkpointer: saver,
      incidentPrefix: `bench${i}`,
    });
    if (!run.incident) throw new Error(`${scenario.metadata.id} raised no alarm`);
    await driveIncident(
      run.graph,
      run.incident.id,
      { incident: run.incident },
      {
        approver: async () => ({ decision: "accept", by: "bench" }),
      },
    );
    return run.incident.id;
  };
}

async function runWorkload(
  name: string,
  saver: BaseCheckpointSaver,
  serde: CountingSerde,
  incidents: number,
  durability: Durability,
  runIncident: IncidentRun,
  sampleRequests?: () => { all: number; writes: number; requests: number },
): Promise<Result> {
  const put = instrument(saver, "put");
  const putWrites = instrument(saver, "putWrites");
  const threads: string[] = [];
  const started = performance.now();
  for (let i = 0; i < incidents; i++) {
    threads.push(await runIncident(saver, i, durability));
    if ((i + 1) % 10 === 0 || i + 1 === incidents) console.error(`[${name}] ${i + 1}/${incidents} incidents`);
  }
  const workloadSeconds = (performance.now() - started) / 1000;
  const serializedBytes = serde.bytes;
  const workloadRequests = sampleRequests?.();

  const rounds = 3;
  const getStart = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const thread of threads) {
      const tuple = await saver.getTuple({ configurable: { thread_id: thread } });
      if (!tuple) throw new Error(`${name}: no checkpoint for incident ${thread}`);
    }
  }
  const getMs = performance.now() - getStart;
  console.error(`[${name}] timed ${rounds * incidents} getTuple(latest) calls`);
  return {
    saver: name,
    incidents,
    workloadSeconds,
    incidentsPerSecond: incidents / workloadSeconds,
    putCalls: put.calls,
    putsPerSecond: put.calls / workloadSeconds,
    meanPutMs: put.ms / put.calls,
    putWritesCalls: putWrites.calls,
    meanPutWritesMs: putWrites.ms / putWrites.calls,
    getsPerSecond: (rounds * incidents) / (getMs / 1000),
    meanGetMs: getMs / (rounds * incidents),
    serializedBytesPerIncident: serializedBytes / incidents,
    ...(workloadRequests ? { workloadRequests } : {}),
  };
}

const WRITE_COMMANDS = new Set(["PutItemCommand", "BatchWriteItemCommand", "UpdateItemCommand"]);

async function main() {
  const program = new Command()
    .name("checkpoint-bench")
    .description("Compare MemorySaver and DynamoDBSaver (dynalite) on an incident-like workload")
    .option("--incidents <n>", "incidents (threads) to run", (v) => Number.parseInt(v, 10), 50)
    .option("--json <file>", "also write the results as JSON to this file")
    .addOption(
      new Option(
        "--durability <mode>",
        "LangGraph durability: sync waits for each checkpoint (clean per-call latency); async " +
          "(LangGraph's default) overlaps saves with the next step, so latencies include queueing",
      )
        .choices(["sync", "async"])
        .default("sync"),
    )
    .addOption(
      new Option(
        "--workload <kind>",
        "incident: the real incident graph on the simulated account; synthetic: an 8-node graph",
      )
        .choices(["incident", "synthetic"])
        .default("incident"),
    )
    .parse();
  const opts = program.opts<{
    incidents: number;
    json?: string;
    durability: Durability;
    workload: "incident" | "synthetic";
  }>();
  const runIncident = opts.workload === "incident" ? await incidentRun() : syntheticRun();
  if (!Number.isInteger(opts.incidents) || opts.incidents < 1)
    program.error("--incidents must be a positive integer");

  const memorySerde = new CountingSerde();
  const memory = await runWorkload(
    "MemorySaver",
    new MemorySaver(memorySerde),
    memorySerde,
    opts.incidents,
    opts.durability,
    runIncident,
  );

  const dynamo = await startLocalDynamo();
  const client = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
  const requestBytes = { all: 0, writes: 0, requests: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const body = (args.request as { body?: unknown }).body;
      // The SDK hands over a string or (newer versions) a Uint8Array subclass.
      const size =
        typeof body === "string" ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : 0;
      requestBytes.all += size;
      requestBytes.requests++;
      if (WRITE_COMMANDS.has(String(context.commandName))) requestBytes.writes += size;
      return next(args);
    },
    { step: "finalizeRequest", name: "countRequestBytes" },
  );
  let dynamoResult: Result;
  try {
    await createCheckpointTable(client, "checkpoint-bench");
    const serde = new CountingSerde();
    const saver = new DynamoDBSaver({ client, tableName: "checkpoint-bench", serde });
    Object.assign(requestBytes, { all: 0, writes: 0, requests: 0 }); // exclude table setup
    dynamoResult = await runWorkload(
      "DynamoDBSaver",
      saver,
      serde,
      opts.incidents,
      opts.durability,
      runIncident,
      () => ({
        ...requestBytes,
      }),
    );
    const perIncident = (n: number) => n / opts.incidents;
    dynamoResult.dynamoRequestBytesPerIncident = perIncident(dynamoResult.workloadRequests?.all ?? 0);
    dynamoResult.dynamoWriteRequestBytesPerIncident = perIncident(dynamoResult.workloadRequests?.writes ?? 0);
    dynamoResult.dynamoRequestsPerIncident = perIncident(dynamoResult.workloadRequests?.requests ?? 0);
  } finally {
    client.destroy();
    await dynamo.stop();
  }
  await report(memory, dynamoResult, opts.durability, opts.workload, opts.json);
}

async function report(
  memory: Result,
  dynamo: Result,
  durability: Durability,
  workload: string,
  jsonPath: string | undefined,
) {
  const rows: [string, keyof Result, number][] = [
    ["workload seconds", "workloadSeconds", 2],
    ["incidents/s", "incidentsPerSecond", 1],
    ["put() calls", "putCalls", 0],
    ["puts/s (put() calls / workload s)", "putsPerSecond", 0],
    ["mean put() ms", "meanPutMs", 3],
    ["mean putWrites() ms", "meanPutWritesMs", 3],
    ["gets/s (getTuple latest)", "getsPerSecond", 0],
    ["mean getTuple() ms", "meanGetMs", 3],
    ["serialized bytes/incident", "serializedBytesPerIncident", 0],
    ["DynamoDB request bytes/incident (writes)", "dynamoWriteRequestBytesPerIncident", 0],
    ["DynamoDB request bytes/incident (all)", "dynamoRequestBytesPerIncident", 0],
    ["DynamoDB requests/incident", "dynamoRequestsPerIncident", 1],
  ];
  const fmt = (v: unknown, digits: number) =>
    typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: digits }) : "n/a";
  const table = rows.map(([label, key, digits]) => {
    const m = memory[key];
    const d = dynamo[key];
    const ratio = typeof m === "number" && typeof d === "number" && m !== 0 ? `${(d / m).toFixed(2)}x` : "";
    return [label, fmt(m, digits), fmt(d, digits), ratio];
  });
  const header = ["metric", "MemorySaver", "DynamoDBSaver (dynalite)", "Dynamo/Memory"];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(
    `\nCheckpoint saver benchmark: ${memory.incidents} incidents (${workload === "incident" ? "the real incident graph on the simulated account" : `${NODES.length}-node synthetic graph`}), one at a time, ` +
      `durability=${durability}\n`,
  );
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of table) console.log(line(row));
  console.log(
    "\nDynamoDB runs against in-process dynalite: no network, and the emulator serves requests on this" +
      "\nthread, so latency tracks request count. Request bytes are the JSON bodies sent (binary as base64)." +
      "\nMemorySaver serializes every channel in every checkpoint; DynamoDBSaver only changed channels.",
  );
  if (jsonPath) {
    const ratio = Object.fromEntries(
      rows.flatMap(([, key]) => {
        const m = memory[key];
        const d = dynamo[key];
        return typeof m === "number" && typeof d === "number" && m !== 0 ? [[key, d / m]] : [];
      }),
    );
    const json = {
      incidents: memory.incidents,
      workload,
      durability,
      memory,
      dynamodb: dynamo,
      ratio,
    };
    await writeFile(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
    console.error(`wrote ${jsonPath}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
