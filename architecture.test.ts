import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { importEdges, layerViolations } from "./scripts/layers.js";

const root = resolve(import.meta.dirname);

describe("the dependency rules of DESIGN.md", () => {
  const edges = importEdges(root);

  it("reads the import graph", () => {
    expect(edges.length).toBeGreaterThan(500);
  });

  it("has no import that runs up the layers, reaches an adapter from the graph, a test helper from production, or evals/ from below", () => {
    expect(layerViolations(edges).map((v) => v.message)).toEqual([]);
  });

  it("catches each kind of violation", () => {
    const probe = (from: string, to: string, dynamic = false) =>
      layerViolations([{ from, to, dynamic }]).map((v) => v.rule);
    expect(probe("graph/nodes/execute.ts", "tools/sandbox/index.ts")).toEqual(["adapter"]);
    expect(probe("agents/triage/rules.ts", "tools/aws/metrics.ts")).toEqual(["adapter"]);
    expect(probe("graph/nodes/execute.ts", "handlers/runtime/local.ts")).toEqual(["upward"]);
    expect(probe("tools/sandbox/world.ts", "knowledge/actions/index.ts")).toEqual(["upward"]);
    expect(probe("handlers/runtime/local.ts", "evals/scenario/index.ts")).toEqual(["evals"]);
    expect(probe("handlers/cli/program.ts", "evals/runner.ts")).toEqual(["evals"]);
    expect(probe("handlers/cli/program.ts", "evals/runner.ts", true)).toEqual([]);
    expect(probe("graph/nodes/execute.ts", "agents/shared/test-support.ts")).toEqual(["test-helper"]);
    expect(probe("graph/nodes/verify.test.ts", "tools/sandbox/index.ts")).toEqual([]);
    expect(probe("evals/runner.ts", "handlers/runtime/local.ts")).toEqual([]);
  });
});
