/** `langgraph.json` is the one list of graphs: every entry must point at a real, compiled graph export. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { SUPERVISOR_TARGETS } from "../../agents/supervisor/index.js";
import { APPROVAL_ENDS } from "../../graph/nodes/approval.js";
import { SAFETY_GATE_ENDS } from "../../graph/nodes/safety-gate.js";
import { VERIFY_ENDS } from "../../graph/nodes/verify.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface LanggraphConfig {
  node_version?: string;
  graphs: Record<string, string | { path: string }>;
  env?: unknown;
}

const config = JSON.parse(readFileSync(join(ROOT, "langgraph.json"), "utf8")) as LanggraphConfig;
const entries = Object.entries(config.graphs).map(([id, spec]) => {
  const [file = "", exportName = "default"] = (typeof spec === "string" ? spec : spec.path).split(":");
  return { id, file, exportName };
});

interface DrawableGraph {
  invoke: unknown;
  getGraph: () => { nodes: Record<string, unknown>; edges: { source: string; target: string }[] };
}

async function load(file: string, exportName: string): Promise<DrawableGraph> {
  const module = (await import(pathToFileURL(join(ROOT, file)).href)) as Record<string, unknown>;
  return module[exportName] as DrawableGraph;
}

describe("langgraph.json", () => {
  it("targets Node 20 and lists the incident graph", () => {
    expect(config.node_version).toBe("20");
    expect(entries.map((e) => e.id)).toContain("incident");
  });

  it.each(entries)("$id: $file exports a compiled graph named $exportName", async ({ file, exportName }) => {
    expect(existsSync(join(ROOT, file)), `${file} does not exist`).toBe(true);
    const graph = await load(file, exportName);
    expect(graph, `${file} has no export "${exportName}"`).toBeDefined();
    expect(typeof graph.invoke).toBe("function");
    expect(typeof graph.getGraph).toBe("function");
  });

  it("draws the incident graph's real nodes and its Command edges", async () => {
    const entry = entries.find((e) => e.id === "incident")!;
    const drawn = (await load(entry.file, entry.exportName)).getGraph();
    const nodes = Object.keys(drawn.nodes);
    for (const node of [
      "supervisor",
      "triage",
      "log-analysis",
      "runbook-retrieval",
      "remediation",
      "safety-gate",
      "request-approval",
      "approval",
      "execute",
      "verify",
      "rollback",
      "escalate",
      "record",
      "report",
    ]) {
      expect(nodes, `node ${node}`).toContain(node);
    }
    const edges = new Set(drawn.edges.map((e) => `${e.source} -> ${e.target}`));
    // Routed with Command: drawn only because these nodes declare `ends`.
    const commandEnds: Record<string, readonly string[]> = {
      supervisor: SUPERVISOR_TARGETS,
      "safety-gate": SAFETY_GATE_ENDS,
      approval: APPROVAL_ENDS,
      verify: VERIFY_ENDS,
    };
    const expected = Object.entries(commandEnds).flatMap(([from, ends]) =>
      ends.map((to) => `${from} -> ${to}`),
    );
    expected.push(
      "request-approval -> approval",
      "execute -> verify",
      "rollback -> escalate",
      "report -> __end__",
    );
    for (const edge of expected) expect(edges, edge).toContain(edge);
  });
});
