import { resolve } from "node:path";
import type { Sandbox } from "./index.js";
import { createSandbox, loadScenario } from "./index.js";
import { actionRequest, runAction } from "./test-support.js";

const sandboxFor = (name: string): Sandbox =>
  createSandbox(loadScenario(resolve(import.meta.dirname, "../../evals/scenarios", `${name}.yaml`)));

describe("sandbox automation", () => {
  it("is idempotent on clientToken: one execution, effect applied once", async () => {
    const sb = sandboxFor("traffic-surge-asg");
    const token = "6f9619ff-8b86-4d01-b42d-00c04fc964ff";
    const request = actionRequest(
      "asg-set-desired-capacity",
      { AutoScalingGroupName: "web-asg", DesiredCapacity: 5 },
      token,
    );
    const first = await sb.ports.automation.start(request);
    const again = await sb.ports.automation.start(request);
    expect(again.executionId).toBe(first.executionId);
    sb.advance(3);
    const later = await sb.ports.automation.start({
      ...request,
      parameters: { AutoScalingGroupName: "web-asg", DesiredCapacity: 9 },
    });
    expect(later).toMatchObject({ executionId: first.executionId, status: "Success" });
    expect(sb.automationStarts).toHaveLength(1);
    expect(sb.automationStarts[0]).toMatchObject({
      actionId: "asg-set-desired-capacity",
      clientToken: token,
      accepted: true,
    });
    const group = await sb.ports.resources.describe("web-asg");
    expect(group?.attributes).toMatchObject({ desiredCapacity: 5, inServiceCount: 5 });
    const scaling = await sb.ports.changes.list({
      service: "web",
      since: new Date(0),
      until: sb.clock.now(),
    });
    expect(scaling).toEqual([
      expect.objectContaining({ kind: "scaling", from: "3", to: "5", resourceId: "web-asg" }),
    ]);
  });

  it("takes simulated minutes: InProgress, then Success", async () => {
    const sb = sandboxFor("bad-ecs-deploy");
    const started = await sb.ports.automation.start(
      actionRequest("ecs-rollback-service", {
        cluster: "prod",
        service: "checkout",
        taskDefinition: "checkout:40",
      }),
    );
    expect(started).toMatchObject({
      status: "InProgress",
      actionId: "ecs-rollback-service",
      startedAt: "2024-05-14T09:00:00.000Z",
    });
    await sb.ports.clock.sleep(3 * 60_000);
    expect((await sb.ports.automation.status(started.executionId)).status).toBe("InProgress");
    await sb.ports.clock.sleep(60_000);
    const done = await sb.ports.automation.status(started.executionId);
    expect(done).toMatchObject({ status: "Success", endedAt: "2024-05-14T09:04:00.000Z" });
    expect((await sb.ports.resources.describe("prod/checkout"))?.attributes).toMatchObject({
      taskDefinition: "checkout:40",
      previousTaskDefinitions: "checkout:41,checkout:39",
    });
  });

  it("fails clearly when the target does not exist", async () => {
    const sb = sandboxFor("memory-leak-ec2");
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        "ec2-restart-instance",
        { InstanceId: "i-0123456789abcdef0" },
        /InvalidInstanceID\.NotFound: The instance ID 'i-0123456789abcdef0' does not exist/,
      ],
      [
        "ecs-rollback-service",
        { cluster: "prod", service: "nope", taskDefinition: "nope:1" },
        /ServiceNotFoundException/,
      ],
      [
        "ecs-rollback-service",
        { cluster: "prod", service: "catalog", taskDefinition: "catalog:99" },
        /Unable to describe task definition catalog:99/,
      ],
      [
        "asg-set-desired-capacity",
        { AutoScalingGroupName: "ghost-asg", DesiredCapacity: 2 },
        /AutoScalingGroup name not found - ghost-asg/,
      ],
      [
        "asg-set-desired-capacity",
        { AutoScalingGroupName: "search-asg", DesiredCapacity: 2 },
        /below min value 3/,
      ],
      [
        "lambda-rollback-alias",
        { functionName: "ghost", alias: "live", version: "3" },
        /ResourceNotFoundException: Function not found/,
      ],
      ["ec2-cleanup-rotated-logs", { InstanceId: "i-0123456789abcdef0" }, /not in a valid state/],
    ];
    for (const [actionId, params, message] of cases) {
      const execution = await sb.ports.automation.start(actionRequest(actionId, params));
      expect(execution.status).toBe("Failed");
      expect(execution.output).toMatch(message);
    }
    expect(sb.automationStarts.map((s) => s.accepted)).toEqual(cases.map(() => false));
    expect(sb.world.changes).toHaveLength(1);
  });

  it("rejects a wrong executor, unknown actions and invalid parameters", async () => {
    const sb = sandboxFor("memory-leak-ec2");
    const wrongExecutor = await sb.ports.automation.start({
      ...actionRequest("ec2-restart-instance", { InstanceId: "i-0a1b2c3d4e5f60712" }),
      executor: { type: "api", operation: "ec2:TerminateInstances" },
    });
    expect(wrongExecutor).toMatchObject({ status: "Failed" });
    expect(wrongExecutor.output).toMatch(/InvalidDocument/);
    const unknown = await sb.ports.automation.start({
      actionId: "ec2-terminate-all",
      executor: { type: "api", operation: "ec2:TerminateInstances" },
      parameters: {},
      clientToken: "0b3c8a52-58b0-4d7b-9a5e-4c2f2f4f6a10",
    });
    expect(unknown.output).toMatch(/cannot run api:ec2:TerminateInstances \(action 'ec2-terminate-all'\)/);
    const badParams = await sb.ports.automation.start(
      actionRequest("ec2-restart-instance", { InstanceId: "web-1" }),
    );
    expect(badParams.output).toMatch(/parameter 'InstanceId'/);
    await expect(
      sb.ports.automation.start({
        ...actionRequest("ec2-restart-instance", { InstanceId: "i-0a1b2c3d4e5f60712" }),
        clientToken: "not-a-uuid",
      }),
    ).rejects.toThrow(/ValidationException.*clientToken/);
    await expect(sb.ports.automation.status("missing")).rejects.toThrow(
      /AutomationExecutionNotFoundException/,
    );
    expect((await sb.ports.resources.describe("i-0a1b2c3d4e5f60712"))?.state).toBe("running");
  });

  it("moves a Lambda alias and records the deployment", async () => {
    const sb = sandboxFor("bad-ecs-deploy");
    const execution = await runAction(sb, "lambda-rollback-alias", {
      functionName: "notifications-sender",
      alias: "live",
      version: "11",
    });
    expect(execution).toMatchObject({
      status: "Success",
      output: "UpdateAlias: notifications-sender:live → version 11",
    });
    expect((await sb.ports.resources.describe("notifications-sender:live"))?.attributes).toMatchObject({
      aliasVersion: "11",
      previousVersions: "12,10",
    });
    const changes = await sb.ports.changes.list({
      service: "notifications",
      since: new Date(0),
      until: sb.clock.now(),
    });
    expect(changes).toEqual([expect.objectContaining({ kind: "deployment", from: "12", to: "11" })]);
  });

  it("scales in by terminating the newest instances", async () => {
    const sb = sandboxFor("traffic-surge-asg");
    const before = String((await sb.ports.resources.describe("web-asg"))?.attributes["instances"]).split(",");
    await runAction(sb, "asg-set-desired-capacity", { AutoScalingGroupName: "web-asg", DesiredCapacity: 2 });
    const after = await sb.ports.resources.describe("web-asg");
    expect(after?.attributes).toMatchObject({
      desiredCapacity: 2,
      inServiceCount: 2,
      instances: before.slice(0, 2).join(","),
    });
    expect((await sb.ports.resources.describe(before[2] ?? ""))?.state).toBe("terminated");
    expect(
      (await sb.ports.resources.listByService("web")).filter((r) => r.type === "ec2-instance"),
    ).toHaveLength(2);
  });
});
