/**
 * Verification that did not recover: roll back only what made things worse. A capacity increase that helped
 * part of the way is left in place and escalated (undoing it mid-surge would shrink the group); one that made
 * the signal worse is rolled back.
 */
import type { Command } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import type { Incident, MetricSeries } from "../../tools/domain/index.js";
import { MemoryAudit } from "../../tools/local/memory-audit.js";
import type { MetricQuery, Ports } from "../../tools/ports.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue } from "../state.js";
import { createVerifyNode } from "./verify.js";

const START = Date.parse("2025-03-14T18:10:00Z");

function world(before: number, after: number) {
  let now = START + 60_000;
  const ports = {
    clock: {
      now: () => new Date(now),
      sleep: async (ms: number) => {
        now += ms;
      },
    },
    audit: new MemoryAudit(),
    metrics: {
      async getSeries(q: MetricQuery): Promise<MetricSeries> {
        const points = [];
        for (let t = Math.ceil(q.start.getTime() / 60_000) * 60_000; t <= q.end.getTime(); t += 60_000) {
          points.push({ time: new Date(t).toISOString(), value: t < START ? before : after });
        }
        return {
          namespace: q.namespace,
          metric: q.metric,
          dimensions: q.dimensions,
          stat: q.stat ?? "Average",
          points,
        } as MetricSeries;
      },
    },
  } as unknown as Ports;
  return ports;
}

const dims = { AutoScalingGroupName: "web-asg" };
const incident = {
  id: "inc-verify",
  title: "web-asg CPU",
  service: "web",
  alerts: [
    {
      alarmName: "web-asg-cpu-high",
      state: "ALARM",
      reason: "Threshold crossed",
      time: new Date(START - 5 * 60_000).toISOString(),
      resources: [],
      metric: {
        namespace: "AWS/EC2",
        name: "CPUUtilization",
        dimensions: dims,
        threshold: 70,
        comparison: "GreaterThanThreshold",
        statistic: "Average",
      },
    },
  ],
} as unknown as Incident;

function stateWith(): IncidentStateValue {
  return {
    incident,
    execution: {
      actionId: "asg-set-desired-capacity",
      params: { AutoScalingGroupName: "web-asg", DesiredCapacity: 8 },
      target: "web-asg",
      clientToken: "t",
      executionId: "e-1",
      status: "Success",
      startedAt: new Date(START).toISOString(),
      before: {
        id: "web-asg",
        type: "autoscaling-group",
        service: "web",
        state: "InService",
        tags: {},
        attributes: { desiredCapacity: 4, maxSize: 8, minSize: 2 },
      },
    },
  } as unknown as IncidentStateValue;
}

async function verify(before: number, after: number) {
  const node = createVerifyNode({ ports: world(before, after) } as unknown as GraphDeps);
  const out = (await node(stateWith())) as Command;
  return {
    goto: out.goto,
    update: out.update as { verification: { recovered: boolean; trend?: string; reason: string } },
  };
}

describe("verify: did not fully recover vs got worse", () => {
  it("better but not recovered (100% -> 84%): escalate with the action left in place, no rollback", async () => {
    const { goto, update } = await verify(100, 84);
    expect(goto).toEqual(["escalate"]);
    expect(update.verification).toMatchObject({ recovered: false, trend: "improved" });
    expect(update.verification.reason).toMatch(/better, not fully recovered/);
  });

  it("no better: escalate, nothing undone", async () => {
    const { goto, update } = await verify(90, 91);
    expect(goto).toEqual(["escalate"]);
    expect(update.verification.trend).toBe("unchanged");
  });

  it("worse (80% -> 97%): roll back", async () => {
    const { goto, update } = await verify(80, 97);
    expect(goto).toEqual(["rollback"]);
    expect(update.verification.trend).toBe("worse");
  });

  it("recovered: record", async () => {
    const { goto, update } = await verify(100, 40);
    expect(goto).toEqual(["record"]);
    expect(update.verification.recovered).toBe(true);
  });
});
