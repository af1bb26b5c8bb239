/**
 * Crash, interrupt and resume a real StateGraph across separate processes sharing only the
 * DynamoDB table, and check it ends exactly where an uninterrupted in-memory run ends.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Command, MemorySaver } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalAws } from "./test-support.js";
import { buildIncidentGraph } from "./testdata/incident-graph.js";

const run = promisify(execFile);
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const script = fileURLToPath(new URL("./testdata/run-incident.ts", import.meta.url));

interface PhaseResult {
  phase: string;
  error?: string;
  next: string[];
  interrupts: unknown[];
  values: Record<string, unknown>;
  nodeRuns: Record<string, number>;
}

const aws = new LocalAws();
beforeAll(() => aws.start(), 30_000);
afterAll(() => aws.stop());

async function phase(table: string, thread: string, name: string): Promise<PhaseResult> {
  const { stdout } = await run(
    process.execPath,
    [tsxCli, script, aws.dynamo?.endpoint ?? "", table, thread, name],
    {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      timeout: 60_000,
    },
  );
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as PhaseResult;
}

describe("resume across processes", () => {
  it("a crashed and interrupted run resumes from DynamoDB to the same final state", async () => {
    const reference = buildIncidentGraph(new MemorySaver());
    const refConfig = { configurable: { thread_id: "ref" } };
    await reference.invoke({ alarm: "ALB 5xx > 5%" }, refConfig);
    const expected = (await reference.invoke(new Command({ resume: "approved" }), refConfig)) as Record<
      string,
      unknown
    >;
    expect(expected.timeline).toEqual([
      "intake",
      "logs",
      "metrics",
      "plan(2 findings)",
      "approval:approved",
      "execute:rollback",
      "report(6 events)",
    ]);

    const table = await aws.newTable();
    const crashed = await phase(table, "inc-1", "crash");
    expect(crashed.error).toBe("metrics backend timed out");
    expect(crashed.nodeRuns).toEqual({ intake: 1, logs: 1, metrics: 1 });

    const resumed = await phase(table, "inc-1", "resume");
    expect(resumed.error).toBeUndefined();
    // logs' writes survived the crash as pending writes: only the failed node runs again.
    expect(resumed.nodeRuns).toEqual({ metrics: 1, plan: 1, approval: 1 });
    expect(resumed.next).toEqual(["approval"]);
    expect(resumed.interrupts).toEqual([{ action: "rollback deploy 42", severity: "SEV2" }]);

    const approved = await phase(table, "inc-1", "approve");
    expect(approved.error).toBeUndefined();
    expect(approved.next).toEqual([]);
    expect(approved.nodeRuns).toEqual({ approval: 1, execute: 1, report: 1 });
    expect(approved.values).toEqual(expected);
  }, 120_000);
});
