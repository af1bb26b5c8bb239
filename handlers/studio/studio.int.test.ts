/**
 * Starts the real `langgraphjs dev` server on a free loopback port (offline) and drives the `incident`
 * graph through the LangGraph SDK: run to the approval interrupt, resume with an accept, check the end.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import type { IncidentStateValue } from "../../graph/state.js";
import type { Incident } from "../../tools/domain/index.js";
import { createSandbox, loadScenario } from "../../tools/sandbox/index.js";
import { parseEvent } from "../intake/parse-event.js";
import { incidentFromAlert } from "../runtime/incident-from-alert.js";
import { spawnStudioServer } from "./server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const READY_TIMEOUT_MS = 60_000;

/** The incident a scenario's first alarm opens, built the way `prepareSimulatedRun` builds it. */
function incidentFor(scenarioId: string): Incident {
  const scenario = loadScenario(join(ROOT, "evals/scenarios", `${scenarioId}.yaml`));
  const sandbox = createSandbox(scenario);
  const alarm = sandbox.runUntilAlarm().find((e) => e.detail.state.value === "ALARM");
  if (!alarm) throw new Error(`${scenarioId} raised no alarm`);
  const byAlarmPrefix = Object.fromEntries(
    scenario.triggers.filter((t) => t.service).map((t) => [t.name, t.service as string]),
  );
  const parsed = parseEvent(alarm, { serviceMap: { byAlarmPrefix } });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return incidentFromAlert(parsed.alerts[0]!, scenario.metadata.id);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? done(address.port) : fail(new Error("no port")),
      );
    });
  });
}

/**
 * The repo's langgraph.json in a temp folder, so the server's state (`.langgraph_api/`) goes there.
 * Graph paths must stay relative: the API's preload hook joins them onto the config folder.
 */
async function isolatedConfig(dir: string): Promise<string> {
  const config = JSON.parse(await readFile(join(ROOT, "langgraph.json"), "utf8")) as {
    graphs: Record<string, string>;
  };
  for (const [id, spec] of Object.entries(config.graphs)) {
    const [file = "", name = ""] = spec.split(":");
    config.graphs[id] = `${relative(dir, resolve(ROOT, file))}:${name}`;
  }
  const path = join(dir, "langgraph.json");
  await writeFile(path, JSON.stringify(config));
  return path;
}

let dir = "";
let server: ChildProcess | undefined;
let output = "";
let client: Client;

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server?.exitCode != null)
      throw new Error(`dev server exited (${server.exitCode}):\n${output.slice(-3000)}`);
    const ok = await fetch(`${url}/ok`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`dev server not ready after ${READY_TIMEOUT_MS} ms:\n${output.slice(-3000)}`);
}

/** Stops the whole process group (CLI → tsx → server), politely first. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode != null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
  signalGroup("SIGKILL"); // grandchildren that outlived the CLI
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "air-studio-"));
  const port = await freePort();
  const env = { ...process.env };
  delete env.AIR_STUDIO_SCENARIO;
  server = spawnStudioServer({
    port,
    config: await isolatedConfig(dir),
    reload: false,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  server.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(url);
  client = new Client({ apiUrl: url });
}, READY_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (server) await stopServer(server);
  if (dir) await rm(dir, { recursive: true, force: true });
}, 15_000);

describe("LangGraph Studio dev server", () => {
  it("pauses bad-ecs-deploy for approval and resolves it after an accept", async () => {
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "incident", {
      input: { incident: incidentFor("bad-ecs-deploy") },
    });

    const paused = await client.threads.getState<IncidentStateValue>(thread.thread_id);
    expect(paused.next).toEqual(["approval"]);
    const request = (paused.tasks[0]?.interrupts[0]?.value as HumanInterrupt[] | undefined)?.[0];
    expect(request?.action_request).toEqual({
      action: "ecs-rollback-service",
      args: { cluster: "prod", service: "checkout", taskDefinition: "checkout:41" },
    });

    const final = (await client.runs.wait(thread.thread_id, "incident", {
      command: { resume: { decision: "accept", by: "studio-tester" } },
    })) as IncidentStateValue;
    expect(final.outcome).toBe("resolved-after-approval");
    expect(final.execution?.status).toBe("Success");
    // Studio's accept has no signed identity: the dev server's OS user is taken as the approver.
    expect(final.humanDecision?.by).toMatch(/^os-user:/);
    const done = await client.threads.getState<IncidentStateValue>(thread.thread_id);
    expect(done.next).toEqual([]);
  });

  it("gives each thread its own world: disk-full-logs resolves automatically", async () => {
    const thread = await client.threads.create();
    const final = (await client.runs.wait(thread.thread_id, "incident", {
      input: { incident: incidentFor("disk-full-logs") },
    })) as IncidentStateValue;
    expect(final.outcome).toBe("resolved-automatically");
    expect(final.execution?.status).toBe("Success");
  });
});
