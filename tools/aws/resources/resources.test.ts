import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
} from "@aws-sdk/client-ecs";
import {
  GetAliasCommand,
  LambdaClient,
  ListAliasesCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
} from "@aws-sdk/client-lambda";
import {
  GetResourcesCommand,
  type GetResourcesCommandInput,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { mockClient } from "aws-sdk-client-mock";
import { awsError, TEST_CLIENT_CONFIG } from "../test-support.js";
import { parseResourceId } from "./ids.js";
import { AwsResources } from "./resources.js";

const ec2 = mockClient(EC2Client);
const asg = mockClient(AutoScalingClient);
const ecs = mockClient(ECSClient);
const lambda = mockClient(LambdaClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const clients = {
  ec2: new EC2Client(TEST_CLIENT_CONFIG),
  autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
  ecs: new ECSClient(TEST_CLIENT_CONFIG),
  lambda: new LambdaClient(TEST_CLIENT_CONFIG),
  tagging: new ResourceGroupsTaggingAPIClient(TEST_CLIENT_CONFIG),
};
const ACCOUNT = "123456789012";
const TG = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/checkout-tg/6d0ecf831eec9f09`;

const instance = {
  InstanceId: "i-0abc12345678",
  InstanceType: "m5.large" as const,
  State: { Name: "running" as const, Code: 16 },
  Placement: { AvailabilityZone: "eu-west-1a" },
  LaunchTime: new Date("2026-02-01T00:00:00Z"),
  Tags: [
    { Key: "Service", Value: "web" },
    { Key: "aws:autoscaling:groupName", Value: "web-asg" },
  ],
};
const group = {
  AutoScalingGroupName: "web-asg",
  MinSize: 2,
  MaxSize: 6,
  DesiredCapacity: 3,
  DefaultCooldown: 300,
  AvailabilityZones: ["eu-west-1a"],
  HealthCheckType: "ELB",
  CreatedTime: new Date(),
  TargetGroupARNs: [TG],
  Tags: [
    {
      Key: "service",
      Value: "web",
      ResourceId: "web-asg",
      ResourceType: "auto-scaling-group",
      PropagateAtLaunch: true,
    },
  ],
  Instances: [
    {
      InstanceId: "i-0abc12345678",
      InstanceType: "m5.large",
      LifecycleState: "InService" as const,
      HealthStatus: "Healthy",
      AvailabilityZone: "eu-west-1a",
      ProtectedFromScaleIn: false,
    },
    {
      InstanceId: "i-0def12345678",
      InstanceType: "m5.large",
      LifecycleState: "Pending" as const,
      HealthStatus: "Healthy",
      AvailabilityZone: "eu-west-1a",
      ProtectedFromScaleIn: false,
    },
  ],
};
const ecsService = {
  serviceName: "checkout",
  serviceArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/prod/checkout`,
  clusterArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/prod`,
  status: "ACTIVE",
  taskDefinition: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/checkout:42`,
  runningCount: 4,
  desiredCount: 4,
  loadBalancers: [{ targetGroupArn: TG, containerName: "app", containerPort: 8080 }],
  tags: [{ key: "service", value: "checkout" }],
  deployments: [
    {
      id: "ecs-svc/1",
      status: "PRIMARY",
      taskDefinition: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/checkout:42`,
    },
  ],
};
const td = (name: string) => `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/${name}`;

beforeEach(() => {
  ec2.reset();
  asg.reset();
  ecs.reset();
  lambda.reset();
  tagging.reset();
});

describe("parseResourceId", () => {
  it("reads the catalogue's ids and ARNs", () => {
    expect(parseResourceId("i-0abc12345678")).toEqual({ kind: "ec2", instanceId: "i-0abc12345678" });
    expect(parseResourceId("prod/checkout")).toEqual({ kind: "ecs", cluster: "prod", service: "checkout" });
    expect(parseResourceId("checkout-fn:live")).toEqual({
      kind: "lambda",
      functionName: "checkout-fn",
      alias: "live",
    });
    expect(parseResourceId("web-asg")).toEqual({ kind: "name", name: "web-asg" });
    expect(parseResourceId(`arn:aws:ecs:eu-west-1:${ACCOUNT}:service/prod/checkout`)).toEqual({
      kind: "ecs",
      cluster: "prod",
      service: "checkout",
    });
    expect(parseResourceId(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:fn:live`)).toEqual({
      kind: "lambda",
      functionName: "fn",
      alias: "live",
    });
    expect(
      parseResourceId(
        `arn:aws:autoscaling:eu-west-1:${ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/web-asg`,
      ),
    ).toEqual({ kind: "asg", name: "web-asg" });
  });
});

describe("AwsResources.describe", () => {
  it("describes an instance with its service tag and Auto Scaling group", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ OwnerId: ACCOUNT, Instances: [instance] }] });
    const r = await new AwsResources(clients).describe("i-0abc12345678");
    expect(r).toMatchObject({
      id: "i-0abc12345678",
      type: "ec2-instance",
      service: "web",
      group: "web-asg",
      state: "running",
      attributes: {
        instanceType: "m5.large",
        availabilityZone: "eu-west-1a",
        arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0abc12345678`,
      },
    });
  });

  it("returns undefined for an unknown instance", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .rejects(awsError("InvalidInstanceID.NotFound", "The instance ID 'i-0aaaaaaaaaaa' does not exist"));
    expect(await new AwsResources(clients).describe("i-0aaaaaaaaaaa")).toBeUndefined();
  });

  it("describes an Auto Scaling group with the attributes the catalogue reads", async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group] });
    const r = await new AwsResources(clients).describe("web-asg");
    expect(r).toMatchObject({
      id: "web-asg",
      type: "autoscaling-group",
      service: "web",
      state: "InService",
      attributes: {
        minSize: 2,
        maxSize: 6,
        desiredCapacity: 3,
        inServiceCount: 1,
        instances: "i-0abc12345678,i-0def12345678",
        targetGroup: "targetgroup/checkout-tg/6d0ecf831eec9f09",
      },
    });
  });

  it("describes an ECS service with earlier revisions of its family, newest first", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          ...ecsService,
          tags: [
            ...ecsService.tags,
            { key: "air:min-count", value: "2" },
            { key: "air:max-count", value: "12" },
          ],
          deployments: [
            ...ecsService.deployments,
            { id: "ecs-svc/0", status: "ACTIVE", taskDefinition: td("checkout:40") },
          ],
        },
      ],
    });
    ecs
      .on(ListTaskDefinitionsCommand)
      .resolvesOnce({
        taskDefinitionArns: [td("checkout:42"), td("checkout:41"), td("checkout-worker:9")],
        nextToken: "n",
      })
      .resolvesOnce({ taskDefinitionArns: [td("checkout:40"), td("checkout:39")] });
    const r = await new AwsResources(clients).describe("prod/checkout");
    expect(r).toMatchObject({
      id: "prod/checkout",
      type: "ecs-service",
      service: "checkout",
      state: "ACTIVE",
      attributes: {
        cluster: "prod",
        service: "checkout",
        taskDefinition: "checkout:42",
        previousTaskDefinitions: "checkout:40,checkout:41,checkout:39",
        runningCount: 4,
        targetGroup: "targetgroup/checkout-tg/6d0ecf831eec9f09",
        // The bounds ecs-set-desired-count scales within, from the owner's tags.
        minCount: 2,
        maxCount: 12,
      },
    });
    expect(ecs.commandCalls(ListTaskDefinitionsCommand)[0]?.args[0].input).toMatchObject({
      familyPrefix: "checkout",
      status: "ACTIVE",
      sort: "DESC",
    });
  });

  it("returns undefined for a missing ECS service or cluster", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: "MISSING" }] });
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    expect(await new AwsResources(clients).describe("prod/nope")).toBeUndefined();
    ecs.on(DescribeServicesCommand).rejects(awsError("ClusterNotFoundException", "Cluster not found."));
    expect(await new AwsResources(clients).describe("nope/nope")).toBeUndefined();
  });

  it("describes a Lambda alias with the earlier published versions", async () => {
    lambda.on(GetAliasCommand).resolves({
      Name: "live",
      FunctionVersion: "7",
      AliasArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:checkout-fn:live`,
    });
    lambda.on(ListVersionsByFunctionCommand).resolves({
      Versions: [
        { Version: "$LATEST" },
        { Version: "5" },
        { Version: "6" },
        { Version: "7", State: "Active" },
        { Version: "8" },
      ],
    });
    lambda
      .on(ListTagsCommand, { Resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:checkout-fn` })
      .resolves({ Tags: { service: "checkout" } });
    const r = await new AwsResources(clients).describe("checkout-fn:live");
    expect(r).toMatchObject({
      id: "checkout-fn:live",
      type: "lambda-function",
      service: "checkout",
      state: "Active",
      attributes: { functionName: "checkout-fn", alias: "live", aliasVersion: "7", previousVersions: "6,5" },
    });
  });

  it("describes configured external dependencies without calling AWS", async () => {
    const resources = new AwsResources(clients, {
      dependencies: {
        checkout: [
          { service: "stripe", external: true },
          { service: "ledger", external: false },
        ],
      },
    });
    expect(await resources.describe("stripe")).toMatchObject({
      id: "stripe",
      type: "external-dependency",
      attributes: { external: true },
    });
    expect(await resources.dependencies("checkout")).toEqual([
      { service: "stripe", external: true },
      { service: "ledger", external: false },
    ]);
    expect(await resources.dependencies("unknown")).toEqual([]);
    expect(asg.calls()).toHaveLength(0);
  });

  it("explains a missing permission", async () => {
    asg.on(DescribeAutoScalingGroupsCommand).rejects(awsError("AccessDenied", "not authorized"));
    await expect(new AwsResources(clients).describe("web-asg")).rejects.toThrow(
      /autoscaling:DescribeAutoScalingGroups was denied on Auto Scaling group web-asg/,
    );
  });
});

describe("AwsResources.listByService", () => {
  it("finds tagged instances, groups, ECS services and Lambda aliases", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .callsFake((input: { Filters?: { Name?: string }[] }) =>
        Promise.resolve(
          input.Filters?.[0]?.Name === "tag:Service"
            ? { Reservations: [{ OwnerId: ACCOUNT, Instances: [instance] }] }
            : { Reservations: [] },
        ),
      );
    asg
      .on(DescribeAutoScalingGroupsCommand)
      .callsFake((input: { Filters?: { Name?: string }[] }) =>
        Promise.resolve(
          input.Filters?.[0]?.Name === "tag:service"
            ? { AutoScalingGroups: [group] }
            : { AutoScalingGroups: [] },
        ),
      );
    ecs.on(ListClustersCommand).resolves({ clusterArns: [`arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/prod`] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: [ecsService.serviceArn] });
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ ...ecsService, tags: [{ key: "service", value: "web" }] }] });
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [] });
    // Two pages for the `service` key, none for `Service`: every function found without listing them all.
    tagging.on(GetResourcesCommand).callsFake((input: GetResourcesCommandInput) => {
      const key = input.TagFilters?.[0]?.Key;
      expect(input.ResourceTypeFilters).toEqual(["lambda:function"]);
      expect(input.TagFilters?.[0]?.Values).toEqual(["web"]);
      if (key !== "service") return Promise.resolve({ ResourceTagMappingList: [] });
      return Promise.resolve(
        input.PaginationToken
          ? {
              ResourceTagMappingList: [
                { ResourceARN: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:web-fn` },
              ],
            }
          : { ResourceTagMappingList: [], PaginationToken: "page-2" },
      );
    });
    lambda
      .on(ListTagsCommand)
      .callsFake((input: { Resource?: string }) =>
        Promise.resolve({ Tags: { service: input.Resource?.endsWith("web-fn") ? "web" : "other" } }),
      );
    lambda.on(ListAliasesCommand).resolves({
      Aliases: [
        {
          Name: "live",
          FunctionVersion: "3",
          AliasArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:web-fn:live`,
        },
      ],
    });
    lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [{ Version: "2" }, { Version: "3" }] });
    ec2.on(DescribeSecurityGroupsCommand).callsFake((input: { Filters?: { Name?: string }[] }) =>
      Promise.resolve(
        input.Filters?.[0]?.Name === "tag:service"
          ? {
              SecurityGroups: [
                {
                  GroupId: "sg-0123456789abcdef0",
                  GroupName: "web",
                  Tags: [{ Key: "service", Value: "web" }],
                },
              ],
            }
          : { SecurityGroups: [] },
      ),
    );

    const resources = new AwsResources(clients);
    const found = await resources.listByService("web");
    expect(found.map((r) => [r.type, r.id])).toEqual([
      ["autoscaling-group", "web-asg"],
      ["ec2-instance", "i-0abc12345678"],
      ["ecs-service", "prod/checkout"],
      ["lambda-function", "web-fn:live"],
      // Its changes (CloudTrail rule edits) are attributed to the service through its id.
      ["security-group", "sg-0123456789abcdef0"],
    ]);
    expect(found[3]?.attributes["previousVersions"]).toBe("2");
    // The ECS and Lambda tag indexes are cached between calls.
    await resources.listByService("web");
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(3);
    // Tags are read only for the functions found (to describe them), never for every function.
    expect(new Set(lambda.commandCalls(ListTagsCommand).map((c) => c.args[0].input.Resource))).toEqual(
      new Set([`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:web-fn`]),
    );
    expect(ecs.commandCalls(ListClustersCommand)).toHaveLength(1);
  });
});
