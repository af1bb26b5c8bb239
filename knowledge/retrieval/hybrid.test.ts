import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuiltInRetriever } from "./factory.js";
import type { HybridRetriever } from "./hybrid.js";
import { RunbookHitSchema } from "./types.js";

let retriever: HybridRetriever;
beforeAll(async () => {
  retriever = await createBuiltInRetriever();
});
afterAll(() => retriever.close());

describe("built-in retrieval: the five core faults from alarm and log evidence", () => {
  it("bad ECS deploy → ecs-bad-deploy with a rollback to the previous task definition", async () => {
    const [hit] = await retriever.search({
      text: "checkout-alb-5xx ALARM: 3 datapoints greater than threshold",
      namespace: "AWS/ApplicationELB",
      metric: "HTTPCode_Target_5XX_Count",
      resourceTypes: ["ecs-service"],
      logTemplates: ["Essential container in task exited", "TypeError: Cannot read properties of undefined"],
    });
    expect(hit?.runbookId).toBe("ecs-bad-deploy");
    expect(hit?.score).toBe(1);
    expect(hit?.actions[0]).toMatchObject({
      actionId: "ecs-rollback-service",
      params: {
        cluster: "{{target.attributes.cluster}}",
        service: "{{target.attributes.service}}",
        taskDefinition: "{{target.attributes.previousTaskDefinitions | first}}",
      },
    });
    expect(hit?.reasons).toContain("alarm metric AWS/ApplicationELB HTTPCode_Target_5XX_Count matches");
    expect(hit?.reasons).toContain("log pattern 'Essential container in task exited' matched");
  });

  it("Lambda bad deploy → lambda-bad-deploy (alias rollback)", async () => {
    const [hit] = await retriever.search({
      text: "resize-images Errors > 5",
      namespace: "AWS/Lambda",
      metric: "Errors",
      resourceTypes: ["lambda-function"],
      logTemplates: ["Runtime.ImportModuleError: Error: Cannot find module '<*>'"],
    });
    expect(hit?.runbookId).toBe("lambda-bad-deploy");
    expect(hit?.actions[0]?.actionId).toBe("lambda-rollback-alias");
  });

  it("EC2 memory leak → ec2-memory-leak (restart instance)", async () => {
    const [hit] = await retriever.search({
      text: "api memory high",
      namespace: "CWAgent",
      metric: "mem_used_percent",
      resourceTypes: ["ec2-instance"],
      logTemplates: ["java.lang.OutOfMemoryError: Java heap space"],
    });
    expect(hit?.runbookId).toBe("ec2-memory-leak");
    expect(hit?.actions[0]).toMatchObject({
      actionId: "ec2-restart-instance",
      params: { InstanceId: "{{target.id}}" },
    });
  });

  it("traffic surge on an ASG → asg-traffic-surge (desired capacity)", async () => {
    const [hit] = await retriever.search({
      text: "web-asg-cpu-high",
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      resourceTypes: ["autoscaling-group"],
      logTemplates: ["request queue is full, rejecting request <*>"],
    });
    expect(hit?.runbookId).toBe("asg-traffic-surge");
    expect(hit?.actions[0]?.actionId).toBe("asg-set-desired-capacity");
    expect(hit?.reasons).toContain("alarm metric AWS/EC2 CPUUtilization matches");
  });

  it("disk filled by logs → disk-full-logs (cleanup), explaining the matched log pattern", async () => {
    const [hit] = await retriever.search({
      text: "root disk full",
      namespace: "CWAgent",
      metric: "disk_used_percent",
      resourceTypes: ["ec2-instance"],
      logTemplates: ["write /var/log/app/<*>.log: No space left on device"],
    });
    expect(hit?.runbookId).toBe("disk-full-logs");
    expect(hit?.actions[0]?.actionId).toBe("ec2-cleanup-rotated-logs");
    expect(hit?.reasons).toContain("log pattern 'No space left on device' matched");
    expect(hit?.reasons.some((r) => r.startsWith("text: ") && r.includes("disk"))).toBe(true);
  });
});

describe("built-in retrieval: judgement", () => {
  it("returns [] when nothing is relevant", async () => {
    expect(
      await retriever.search({
        text: "EstimatedCharges above budget",
        namespace: "AWS/Billing",
        metric: "EstimatedCharges",
      }),
    ).toEqual([]);
    expect(await retriever.search({ text: "lorem ipsum dolor sit amet" })).toEqual([]);
    expect(await retriever.search({ text: "" })).toEqual([]);
  });

  it("points a dependency outage at escalation with no action", async () => {
    const [hit] = await retriever.search({
      text: "checkout 5xx, payments failing",
      namespace: "AWS/ApplicationELB",
      metric: "HTTPCode_Target_5XX_Count",
      logTemplates: [
        "payment provider request failed: timeout after <*> ms",
        "circuit breaker opened for <*>",
      ],
    });
    expect(hit?.runbookId).toBe("dependency-outage");
    expect(hit?.actions).toEqual([]);
    expect(hit?.escalationTeam).toBe("app-oncall");
  });

  it("tells real data growth from log growth", async () => {
    const [hit] = await retriever.search({
      text: "data volume full",
      namespace: "CWAgent",
      metric: "disk_used_percent",
      logTemplates: ["write /data/uploads/<*>: No space left on device"],
    });
    expect(hit?.runbookId).toBe("disk-full-data-growth");
    // The remedy is a bigger volume (signed off), never the log cleanup.
    expect(hit?.actions.map((a) => a.actionId)).toEqual(["ebs-extend-volume"]);
  });

  it("finds runbooks from free text alone", async () => {
    const [hit] = await retriever.search({
      text: "feature toggle switched on and the new flow broke, nothing deployed",
    });
    expect(hit?.runbookId).toBe("feature-flag-change");
    expect(hit?.reasons[0]).toMatch(/^text: /);
  });

  it("searches the AWS document catalogue too", async () => {
    const hits = await retriever.search({ text: "extend ebs volume grow file system", limit: 3 });
    expect(hits[0]).toMatchObject({ runbookId: "AWS-ExtendEbsVolume", source: "aws-official" });
  });

  it("returns valid hits, best first, within the limit", async () => {
    const hits = await retriever.search({
      text: "cpu high",
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      limit: 2,
    });
    expect(hits).toHaveLength(2);
    for (const hit of hits) expect(RunbookHitSchema.safeParse(hit).success).toBe(true);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
  });
});

describe("built-in retrieval: untrusted input", () => {
  it("bounds huge log input and still answers", async () => {
    const flood = Array.from({ length: 5_000 }, (_, i) => `${"x".repeat(50_000)} line ${i}`);
    const started = Date.now();
    const hits = await retriever.search({
      text: "disk",
      namespace: "CWAgent",
      metric: "disk_used_percent",
      logTemplates: ["No space left on device", ...flood],
    });
    expect(hits[0]?.runbookId).toBe("disk-full-logs");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
