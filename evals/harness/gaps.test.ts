/** Investigation gaps: reads that fail or answer nothing are recorded once each, with their phase. */
import { describe, expect, it } from "vitest";
import type { Ports } from "../../tools/ports.js";
import type { InvestigationGap } from "./gaps.js";
import { describeGap } from "./gaps.js";
import { instrumentPorts } from "./instrument.js";

function fakePorts(): Ports {
  return {
    metrics: { getSeries: async (q: { metric: string }) => ({ ...q, points: [] }) },
    logs: { query: async () => [] },
    changes: {
      list: async () => {
        throw new Error("AccessDeniedException: not authorized to perform cloudtrail:LookupEvents");
      },
    },
    resources: { describe: async () => undefined },
    alarms: { describe: async () => ({ name: "x" }), list: async () => [] },
    automation: { start: async () => ({ executionId: "e" }), status: async () => ({ status: "Success" }) },
  } as unknown as Ports;
}

describe("investigation gaps", () => {
  it("records failed and empty reads, deduplicated, split by investigation and verification", async () => {
    const ports = fakePorts();
    const gaps: InvestigationGap[] = [];
    const counter = instrumentPorts(ports, gaps);
    await ports.logs.query({ logGroup: "/ecs/basket", start: new Date(0), end: new Date(1) } as never);
    await ports.logs.query({ logGroup: "/ecs/basket", start: new Date(0), end: new Date(1) } as never);
    await expect(ports.changes.list({ since: new Date(0), until: new Date(1) })).rejects.toThrow(
      /AccessDenied/,
    );
    await ports.resources.describe("targetgroup/basket-tg/0123456789abcdef");
    await ports.alarms.describe("x");
    await ports.automation.start({} as never);
    await ports.metrics.getSeries({
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: {},
    } as never);
    expect(counter.actions).toBe(1);
    expect(gaps.map(describeGap)).toEqual([
      "logs.query(/ecs/basket): no log lines",
      expect.stringMatching(/^changes\.list\(.*\): failed: AccessDeniedException/),
      "resources.describe(targetgroup/basket-tg/0123456789abcdef): not found",
      "metrics.getSeries(CPUUtilization): no metric data",
    ]);
    expect(gaps.map((g) => g.phase)).toEqual([
      "investigation",
      "investigation",
      "investigation",
      "verification",
    ]);
  });
});
