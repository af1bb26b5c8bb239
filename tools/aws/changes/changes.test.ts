import { AutoScalingClient, DescribeScalingActivitiesCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { LambdaClient, ListVersionsByFunctionCommand } from "@aws-sdk/client-lambda";
import {
  DescribeAutomationExecutionsCommand,
  GetAutomationExecutionCommand,
  ListCommandsCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import type { ResourceDescription } from "../../domain/index.js";
import { TEST_CLIENT_CONFIG } from "../test-support.js";
import { AwsChanges } from "./changes.js";

const ecs = mockClient(ECSClient);
const asg = mockClient(AutoScalingClient);
const lambda = mockClient(LambdaClient);
const ssm = mockClient(SSMClient);
const clients = {
  ecs: new ECSClient(TEST_CLIENT_CONFIG),
  autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
  lambda: new LambdaClient(TEST_CLIENT_CONFIG),
  ssm: new SSMClient(TEST_CLIENT_CONFIG),
};
const since = new Date("2026-03-01T10:00:00Z");
const until = new Date("2026-03-01T12:00:00Z");
const at = (hhmm: string) => new Date(`2026-03-01T${hhmm}:00Z`);
const td = (n: string) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${n}`;

const resources: ResourceDescription[] = [
  {
    id: "prod/checkout",
    type: "ecs-service",
    service: "checkout",
    state: "ACTIVE",
    tags: {},
    attributes: { cluster: "prod", service: "checkout" },
  },
  {
    id: "checkout-asg",
    type: "autoscaling-group",
    service: "checkout",
    state: "InService",
    tags: {},
    attributes: {},
  },
  {
    id: "i-0abc12345678",
    type: "ec2-instance",
    service: "checkout",
    group: "checkout-asg",
    state: "running",
    tags: {},
    attributes: {},
  },
  {
    id: "checkout-fn:live",
    type: "lambda-function",
    service: "checkout",
    state: "Active",
    tags: {},
    attributes: { functionName: "checkout-fn", alias: "live", aliasVersion: "8" },
  },
];
const directory = { listByService: async (s: string) => (s === "checkout" ? resources : []) };

beforeEach(() => {
  for (const m of [ecs, asg, lambda, ssm]) m.reset();
  ssm.on(DescribeAutomationExecutionsCommand).resolves({ AutomationExecutionMetadataList: [] });
  ssm.on(ListCommandsCommand).resolves({ Commands: [] });
  lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [] });
  asg.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
  ecs.on(DescribeServicesCommand).resolves({ services: [] });
});

describe("AwsChanges", () => {
  it("lists ECS deployments in the window, with the revision they replaced", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: "checkout",
          deployments: [
            {
              id: "ecs-svc/2",
              status: "PRIMARY",
              taskDefinition: td("checkout:42"),
              createdAt: at("11:30"),
              rolloutState: "IN_PROGRESS",
            },
            {
              id: "ecs-svc/1",
              status: "ACTIVE",
              taskDefinition: td("checkout:41"),
              createdAt: at("08:00"),
              rolloutState: "COMPLETED",
            },
          ],
        },
      ],
    });
    const changes = await new AwsChanges(clients, directory).list({ service: "checkout", since, until });
    expect(changes).toEqual([
      {
        id: "ecs-svc/2",
        time: "2026-03-01T11:30:00.000Z",
        service: "checkout",
        resourceId: "prod/checkout",
        kind: "deployment",
        summary: "ECS deployment of checkout:42 to prod/checkout (IN_PROGRESS)",
        from: "checkout:41",
        to: "checkout:42",
      },
    ]);
  });

  it("lists scaling activities newest first until the window's start", async () => {
    asg
      .on(DescribeScalingActivitiesCommand)
      .resolvesOnce({
        Activities: [
          {
            ActivityId: "act-2",
            AutoScalingGroupName: "checkout-asg",
            StartTime: at("11:00"),
            StatusCode: "Successful",
            Description: "Launching a new EC2 instance: i-0def",
            Cause:
              "At 2026-03-01T11:00:00Z a user request update of AutoScalingGroup constraints changing the desired capacity from 2 to 3.",
          },
        ],
        NextToken: "more",
      })
      .resolvesOnce({
        Activities: [
          {
            ActivityId: "act-1",
            AutoScalingGroupName: "checkout-asg",
            StartTime: at("09:00"),
            StatusCode: "Successful",
            Cause: "old",
          },
        ],
        NextToken: "even-more",
      });
    const changes = await new AwsChanges(clients, directory, { includeSsm: false }).list({
      service: "checkout",
      since,
      until,
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      id: "act-2",
      kind: "scaling",
      resourceId: "checkout-asg",
      from: "2",
      to: "3",
    });
    expect(asg.commandCalls(DescribeScalingActivitiesCommand)).toHaveLength(2);
  });

  it("lists Lambda versions published in the window and says which alias points at them", async () => {
    lambda.on(ListVersionsByFunctionCommand).resolves({
      Versions: [
        { Version: "$LATEST", LastModified: "2026-03-01T11:10:00.000+0000" },
        { Version: "7", LastModified: "2026-02-20T09:00:00.000+0000" },
        { Version: "8", LastModified: "2026-03-01T11:15:00.000+0000" },
      ],
    });
    const changes = await new AwsChanges(clients, directory).list({ service: "checkout", since, until });
    expect(changes.map((c) => [c.kind, c.summary, c.from, c.to])).toEqual([
      ["config", "Lambda checkout-fn $LATEST code or configuration updated", undefined, undefined],
      ["deployment", "Lambda checkout-fn version 8 published; alias live points at it now", "7", "8"],
    ]);
  });

  it("attributes SSM Automation and Run Command to the service through the resources they touched", async () => {
    ssm.on(DescribeAutomationExecutionsCommand).resolves({
      AutomationExecutionMetadataList: [
        {
          AutomationExecutionId: "ae-1",
          DocumentName: "AWS-RestartEC2Instance",
          AutomationExecutionStatus: "Success",
          ExecutionStartTime: at("10:30"),
          ExecutedBy: "arn:aws:sts::123:assumed-role/air",
        },
        {
          AutomationExecutionId: "ae-2",
          DocumentName: "AWS-RestartEC2Instance",
          AutomationExecutionStatus: "Success",
          ExecutionStartTime: at("10:40"),
        },
      ],
    });
    ssm
      .on(GetAutomationExecutionCommand, { AutomationExecutionId: "ae-1" })
      .resolves({ AutomationExecution: { Parameters: { InstanceId: ["i-0abc12345678"] } } });
    ssm
      .on(GetAutomationExecutionCommand, { AutomationExecutionId: "ae-2" })
      .resolves({ AutomationExecution: { Parameters: { InstanceId: ["i-0ffffffffffff"] } } });
    ssm.on(ListCommandsCommand).resolves({
      Commands: [
        {
          CommandId: "c-1",
          DocumentName: "AWS-RunShellScript",
          InstanceIds: ["i-0abc12345678"],
          RequestedDateTime: at("10:50"),
          Status: "Success",
          Comment: "air cleanup",
        },
      ],
    });
    const changes = await new AwsChanges(clients, directory).list({ service: "checkout", since, until });
    expect(changes.map((c) => [c.id, c.kind, c.resourceId, c.service])).toEqual([
      ["ae-1", "infrastructure", "i-0abc12345678", "checkout"],
      ["c-1", "infrastructure", "i-0abc12345678", "checkout"],
    ]);
    expect(changes[0]?.author).toBe("arn:aws:sts::123:assumed-role/air");
    const filters = ssm.commandCalls(DescribeAutomationExecutionsCommand)[0]?.args[0].input.Filters;
    expect(filters).toEqual([
      { Key: "StartTimeAfter", Values: ["2026-03-01T10:00:00.000Z"] },
      { Key: "StartTimeBefore", Values: ["2026-03-01T12:00:00.000Z"] },
    ]);
  });

  it("needs configured services to list changes of every service", async () => {
    await expect(new AwsChanges(clients, directory).list({ since, until })).rejects.toThrow(
      /needs `services`/,
    );
    await expect(
      new AwsChanges(clients, directory, { services: ["checkout"] }).list({ since, until }),
    ).resolves.toEqual([]);
  });
});
