import { describe, expect, it } from "vitest";
import { createConsoleLogger, nodeLogger, silentLogger } from "./logger.js";

describe("console logger", () => {
  const now = () => new Date("2026-01-01T00:00:00Z");

  it("writes JSON lines at or above its level, with bound fields", () => {
    const lines: string[] = [];
    const log = createConsoleLogger({ level: "info", write: (l) => lines.push(l), now });
    log.debug("hidden");
    nodeLogger(log, { incident: { id: "inc-1" } }, "triage").warn("model answer not used", {
      kind: "unreachable",
    });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: "2026-01-01T00:00:00.000Z",
        level: "warn",
        message: "model answer not used",
        incidentId: "inc-1",
        node: "triage",
        kind: "unreachable",
      },
    ]);
  });

  it("pretty mode puts the incident and node first", () => {
    const lines: string[] = [];
    const log = createConsoleLogger({ level: "debug", pretty: true, write: (l) => lines.push(l) });
    log.child({ incidentId: "inc-1", node: "verify" }).info("recovered", { ms: 3 });
    expect(lines).toEqual(["info  [inc-1 verify] recovered ms=3"]);
  });

  it("nodeLogger without a logger is silent", () => {
    expect(nodeLogger(undefined, {}, "x")).toBe(silentLogger);
  });
});
