import { AppConfigClient, type DeploymentSummary, ListDeploymentsCommand } from "@aws-sdk/client-appconfig";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient, ListClustersCommand } from "@aws-sdk/client-ecs";
import { LambdaClient, ListAliasesCommand } from "@aws-sdk/client-lambda";
import { type DBInstance, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueueTagsCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import {
  GetParameterHistoryCommand,
  ListTagsForResourceCommand,
  type ParameterHistory,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { awsError, TEST_CLIENT_CONFIG } from "../test-support.js";
import { parseResourceId } from "./ids.js";
import { AwsResources } from "./resources.js";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const mocks = {
  ddb: mockClient(DynamoDBClient),
  sqs: mockClient(SQSClient),
  rds: mockClient(RDSClient),
  ssm: mockClient(SSMClient),
  appConfig: mockClient(AppConfigClient),
  tagging: mockClient(ResourceGroupsTaggingAPIClient),
  asg: mockClient(AutoScalingClient),
  lambda: mockClient(LambdaClient),
  ec2: mockClient(EC2Client),
  ecs: mockClient(ECSClient),
};
const clients = {
  ec2: new EC2Client(TEST_CLIENT_CONFIG),
  autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
  ecs: new ECSClient(TEST_CLIENT_CONFIG),
  lambda: new LambdaClient(TEST_CLIENT_CONFIG),
  tagging: new ResourceGroupsTaggingAPIClient(TEST_CLIENT_CONFIG),
  dynamo: new DynamoDBClient(TEST_CLIENT_CONFIG),
  sqs: new SQSClient(TEST_CLIENT_CONFIG),
  rds: new RDSClient(TEST_CLIENT_CONFIG),
  ssm: new SSMClient(TEST_CLIENT_CONFIG),
  appConfig: new AppConfigClient(TEST_CLIENT_CONFIG),
};
const adapter = () => new AwsResources(clients, { appConfigEnvironments: { checkout: ["shop1a2/prod3b4"] } });

// Recorded shapes (AWS API reference responses), trimmed to the fields the adapter reads plus a few it ignores.
const provisionedTable: TableDescription = {
  TableName: "orders",
  TableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`,
  TableId: "e3f1a8b0-5c2d-4b7e-9a61-0c4d2e8f7a13",
  TableStatus: "ACTIVE",
  CreationDateTime: new Date("2025-11-02T09:14:03Z"),
  ItemCount: 182_044,
  TableSizeBytes: 58_211_905,
  KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "orderId", AttributeType: "S" }],
  ProvisionedThroughput: {
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: 200,
    WriteCapacityUnits: 100,
    LastIncreaseDateTime: new Date("2026-12-01T10:00:00Z"),
  },
  BillingModeSummary: { BillingMode: "PROVISIONED" },
  DeletionProtectionEnabled: true,
};
const onDemandTable: TableDescription = {
  ...provisionedTable,
  TableName: "carts",
  TableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/carts`,
  ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
  BillingModeSummary: {
    BillingMode: "PAY_PER_REQUEST",
    LastUpdateToPayPerRequestDateTime: new Date("2026-06-01T08:00:00Z"),
  },
};
const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const dbInstance: DBInstance = {
  DBInstanceIdentifier: "orders-db",
  DBInstanceClass: "db.r6g.large",
  Engine: "postgres",
  EngineVersion: "16.4",
  DBInstanceStatus: "available",
  MasterUsername: "postgres",
  Endpoint: {
    Address: `orders-db.c9akciq32.${REGION}.rds.amazonaws.com`,
    Port: 5432,
    HostedZoneId: "Z29XKXDKYMONMX",
  },
  AllocatedStorage: 200,
  MultiAZ: true,
  AvailabilityZone: `${REGION}a`,
  SecondaryAvailabilityZone: `${REGION}b`,
  DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db`,
  DBParameterGroups: [{ DBParameterGroupName: "default.postgres16", ParameterApplyStatus: "in-sync" }],
  TagList: [
    { Key: "Service", Value: "orders" },
    { Key: "air:managed", Value: "true" },
  ],
};
const deployment = (n: number, profile: string, version: string, state = "COMPLETE"): DeploymentSummary => ({
  DeploymentNumber: n,
  ConfigurationProfileId: profile,
  ConfigurationName: profile === "flags5c" ? "checkout-flags" : "limits",
  ConfigurationVersion: version,
  DeploymentDurationInMinutes: 0,
  GrowthType: "LINEAR",
  GrowthFactor: 100,
  FinalBakeTimeInMinutes: 0,
  State: state as DeploymentSummary["State"],
  PercentageComplete: 100,
  StartedAt: new Date(`2026-12-0${n}T10:00:00Z`),
  CompletedAt: new Date(`2026-12-0${n}T10:01:00Z`),
});

beforeEach(() => {
  for (const m of Object.values(mocks)) m.reset();
  // A bare name is looked up as an Auto Scaling group and a Lambda function first; neither exists here.
  mocks.asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
  mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  mocks.ecs.on(ListClustersCommand).resolves({ clusterArns: [] });
  mocks.lambda.on(ListAliasesCommand).rejects(awsError("ResourceNotFoundException"));
  mocks.ddb
    .on(DescribeTableCommand)
    .rejects(awsError("ResourceNotFoundException", "Requested resource not found"));
  mocks.sqs.on(GetQueueUrlCommand).rejects(awsError("QueueDoesNotExist"));
  mocks.rds.on(DescribeDBInstancesCommand).rejects(awsError("DBInstanceNotFoundFault"));
  mocks.ssm.on(GetParameterHistoryCommand).rejects(awsError("ParameterNotFound"));
});

describe("DynamoDB tables", () => {
  beforeEach(() => {
    mocks.ddb.on(DescribeTableCommand, { TableName: "orders" }).resolves({ Table: provisionedTable });
    mocks.ddb.on(DescribeTableCommand, { TableName: "carts" }).resolves({ Table: onDemandTable });
    mocks.ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: "Service", Value: "orders" }] });
  });

  it("describes a provisioned table with the simulated account's attribute names", async () => {
    expect(await adapter().describe("orders")).toEqual({
      id: "orders",
      type: "dynamodb-table",
      service: "orders",
      state: "ACTIVE",
      tags: { Service: "orders" },
      attributes: {
        billingMode: "PROVISIONED",
        readCapacityUnits: 200,
        writeCapacityUnits: 100,
        arn: provisionedTable.TableArn,
      },
    });
  });

  it("gives an on-demand table no capacity units (the provisioned-capacity action then has no target)", async () => {
    const t = await adapter().describe("carts");
    expect(t?.attributes).toEqual({ billingMode: "PAY_PER_REQUEST", arn: onDemandTable.TableArn });
  });

  it("describes a table by ARN", async () => {
    mocks.ddb.on(DescribeTableCommand, { TableName: "orders" }).resolves({ Table: provisionedTable });
    expect((await adapter().describe(provisionedTable.TableArn ?? ""))?.id).toBe("orders");
  });

  it("treats an untagged (denied) table as not described, never a failed run", async () => {
    mocks.ddb.on(DescribeTableCommand, { TableName: "orders" }).rejects(awsError("AccessDeniedException"));
    await expect(adapter().describe("orders")).resolves.toBeUndefined();
  });
});

describe("SQS queues", () => {
  const redrive = JSON.stringify({ deadLetterTargetArn: queueArn("orders-dlq"), maxReceiveCount: 10 });
  beforeEach(() => {
    mocks.sqs.on(GetQueueUrlCommand, { QueueName: "orders" }).resolves({ QueueUrl: queueUrl("orders") });
    mocks.sqs
      .on(GetQueueUrlCommand, { QueueName: "orders-dlq" })
      .resolves({ QueueUrl: queueUrl("orders-dlq") });
    mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrl("orders") }).resolves({
      Attributes: {
        QueueArn: queueArn("orders"),
        RedrivePolicy: redrive,
        VisibilityTimeout: "30",
        ApproximateNumberOfMessages: "4213",
        ApproximateNumberOfMessagesNotVisible: "12",
        ApproximateNumberOfMessagesDelayed: "0",
      },
    });
    mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrl("orders-dlq") }).resolves({
      Attributes: {
        QueueArn: queueArn("orders-dlq"),
        VisibilityTimeout: "30",
        ApproximateNumberOfMessages: "57",
      },
    });
    mocks.sqs.on(ListQueueTagsCommand).resolves({ Tags: { service: "orders" } });
    mocks.sqs.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [] });
    mocks.sqs
      .on(ListDeadLetterSourceQueuesCommand, { QueueUrl: queueUrl("orders-dlq") })
      .resolves({ queueUrls: [queueUrl("orders")] });
  });

  it("reads the dead-letter queue and maxReceiveCount from the RedrivePolicy", async () => {
    expect(await adapter().describe("orders")).toEqual({
      id: "orders",
      type: "sqs-queue",
      service: "orders",
      state: "active",
      tags: { service: "orders" },
      attributes: {
        url: queueUrl("orders"),
        arn: queueArn("orders"),
        deadLetterQueue: "orders-dlq",
        deadLetterQueueArn: queueArn("orders-dlq"),
        maxReceiveCount: 10,
        visibilityTimeoutSeconds: 30,
        approximateNumberOfMessages: 4213,
        approximateNumberOfMessagesNotVisible: 12,
        approximateNumberOfMessagesDelayed: 0,
      },
    });
  });

  it("describes the dead-letter queue side: no redrive of its own, and the queues it redrives to", async () => {
    const dlq = await adapter().describe("orders-dlq");
    expect(dlq?.attributes["deadLetterQueue"]).toBe("none");
    expect(dlq?.attributes["deadLetterSourceQueues"]).toBe("orders");
  });

  it("accepts a RedrivePolicy whose maxReceiveCount is a string, and ignores a malformed one", async () => {
    mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrl("orders") }).resolves({
      Attributes: {
        QueueArn: queueArn("orders"),
        RedrivePolicy: `{"maxReceiveCount":"5","deadLetterTargetArn":"${queueArn("orders-dlq")}"}`,
      },
    });
    expect((await adapter().describe("orders"))?.attributes["maxReceiveCount"]).toBe(5);
    mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrl("orders") }).resolves({
      Attributes: { QueueArn: queueArn("orders"), RedrivePolicy: "{not json" },
    });
    expect((await adapter().describe("orders"))?.attributes["deadLetterQueue"]).toBe("none");
  });

  it("treats a missing queue and a denied read as not described", async () => {
    await expect(adapter().describe("gone")).resolves.toBeUndefined();
    mocks.sqs
      .on(GetQueueAttributesCommand, { QueueUrl: queueUrl("orders") })
      .rejects(awsError("AccessDenied"));
    await expect(adapter().describe("orders")).resolves.toBeUndefined();
  });

  it("still fails on a throttled read (retries exhausted): not every error means 'absent'", async () => {
    mocks.sqs.on(GetQueueUrlCommand, { QueueName: "orders" }).rejects(awsError("RequestThrottled"));
    await expect(adapter().describe("orders")).rejects.toThrow();
  });
});

describe("RDS DB instances", () => {
  it("describes status, class, Multi-AZ, endpoint and storage (no maxConnections without a connection)", async () => {
    mocks.rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "orders-db" })
      .resolves({ DBInstances: [dbInstance] });
    expect(await adapter().describe("orders-db")).toEqual({
      id: "orders-db",
      type: "rds-instance",
      service: "orders",
      state: "available",
      tags: { Service: "orders", "air:managed": "true" },
      attributes: {
        engine: "postgres",
        instanceClass: "db.r6g.large",
        allocatedStorageGb: 200,
        multiAz: true,
        endpoint: `orders-db.c9akciq32.${REGION}.rds.amazonaws.com`,
        arn: dbInstance.DBInstanceArn,
      },
    });
  });

  it("keeps the status the reboot action checks (a rebooting instance is not 'available')", async () => {
    mocks.rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "orders-db" })
      .resolves({ DBInstances: [{ ...dbInstance, DBInstanceStatus: "rebooting" }] });
    expect((await adapter().describe(`arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db`))?.state).toBe(
      "rebooting",
    );
  });

  it("treats a missing instance and a denied read as not described", async () => {
    await expect(adapter().describe("orders-db")).resolves.toBeUndefined();
    mocks.rds.on(DescribeDBInstancesCommand).rejects(awsError("AccessDenied", "not authorized", 403));
    await expect(adapter().describe("orders-db")).resolves.toBeUndefined();
  });
});

describe("Parameter Store parameters", () => {
  const history = (type: "String" | "SecureString" = "String") => ({
    Parameters: [1, 2, 3].map(
      (v): ParameterHistory => ({
        Name: "/checkout/db/pool-size",
        Type: type,
        Version: v,
        LastModifiedDate: new Date(`2026-12-0${v}T10:00:00Z`),
        LastModifiedUser: `arn:aws:iam::${ACCOUNT}:user/deployer`,
        DataType: "text",
        Tier: "Standard" as const,
        Policies: [],
        Value: type === "SecureString" ? "AQICAHh...ciphertext" : String(v * 10),
      }),
    ),
  });

  it("describes version and earlier versions newest first, never decrypting", async () => {
    mocks.ssm.on(GetParameterHistoryCommand, { Name: "/checkout/db/pool-size" }).resolves(history());
    mocks.ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: "Service", Value: "checkout" }] });
    expect(await adapter().describe("/checkout/db/pool-size")).toEqual({
      id: "/checkout/db/pool-size",
      type: "ssm-parameter",
      service: "checkout",
      state: "active",
      tags: { Service: "checkout" },
      attributes: { parameterType: "String", version: "3", previousVersions: "2,1" },
    });
    expect(mocks.ssm.commandCalls(GetParameterHistoryCommand)[0]?.args[0].input.WithDecryption).toBe(false);
  });

  it("reports a SecureString's type, so the revert action refuses it", async () => {
    mocks.ssm.on(GetParameterHistoryCommand).resolves(history("SecureString"));
    mocks.ssm.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const p = await adapter().describe("/checkout/db/password");
    expect(p?.attributes["parameterType"]).toBe("SecureString");
  });

  it("treats a missing or untagged (denied) parameter as not described", async () => {
    await expect(adapter().describe("/checkout/gone")).resolves.toBeUndefined();
    mocks.ssm.on(GetParameterHistoryCommand).rejects(awsError("AccessDeniedException"));
    await expect(adapter().describe("/checkout/db/pool-size")).resolves.toBeUndefined();
  });
});

describe("AppConfig profiles", () => {
  it("takes the live version from the last completed deployment of the profile, earlier ones newest first", async () => {
    mocks.appConfig.on(ListDeploymentsCommand).resolves({
      Items: [
        deployment(5, "flags5c", "7", "ROLLED_BACK"),
        deployment(4, "flags5c", "6"),
        deployment(3, "limits9d", "2"),
        deployment(2, "flags5c", "5"),
        deployment(1, "flags5c", "4"),
      ],
    });
    expect(await adapter().describe("shop1a2/prod3b4/flags5c")).toEqual({
      id: "shop1a2/prod3b4/flags5c",
      type: "appconfig-profile",
      service: "checkout",
      state: "deployed",
      tags: {},
      attributes: {
        applicationId: "shop1a2",
        environmentId: "prod3b4",
        configurationProfileId: "flags5c",
        configurationVersion: "6",
        previousVersions: "5,4",
      },
    });
  });

  it("treats a missing environment or a profile never deployed there as not described", async () => {
    mocks.appConfig.on(ListDeploymentsCommand).resolves({ Items: [deployment(1, "limits9d", "2")] });
    await expect(adapter().describe("shop1a2/prod3b4/flags5c")).resolves.toBeUndefined();
    mocks.appConfig.on(ListDeploymentsCommand).rejects(awsError("ResourceNotFoundException"));
    await expect(adapter().describe("shop1a2/prod3b4/flags5c")).resolves.toBeUndefined();
  });
});

describe("listByService", () => {
  it("finds the service's tagged tables, queues, DB instances and parameters in one query per tag key", async () => {
    mocks.tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    mocks.tagging.on(GetResourcesCommand, { TagFilters: [{ Key: "Service", Values: ["orders"] }] }).resolves({
      ResourceTagMappingList: [
        { ResourceARN: provisionedTable.TableArn },
        { ResourceARN: queueArn("orders") },
        { ResourceARN: dbInstance.DBInstanceArn },
      ],
    });
    mocks.ddb.on(DescribeTableCommand, { TableName: "orders" }).resolves({ Table: provisionedTable });
    mocks.ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: "Service", Value: "orders" }] });
    mocks.sqs.on(GetQueueUrlCommand, { QueueName: "orders" }).resolves({ QueueUrl: queueUrl("orders") });
    mocks.sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: queueArn("orders") } });
    mocks.sqs.on(ListQueueTagsCommand).resolves({ Tags: { Service: "orders" } });
    mocks.sqs.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [] });
    mocks.rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "orders-db" }).resolves({
      DBInstances: [dbInstance],
    });
    const { appConfig: _, ...withoutAppConfig } = clients;
    const data = await new AwsResources(withoutAppConfig).listByService("orders");
    expect(data.map((d) => `${d.type}:${d.id}`)).toEqual([
      "dynamodb-table:orders",
      "rds-instance:orders-db",
      "sqs-queue:orders",
    ]);
    const filters = mocks.tagging
      .commandCalls(GetResourcesCommand)
      .map((c) => c.args[0].input.ResourceTypeFilters);
    expect(filters).toContainEqual(["dynamodb:table", "sqs", "rds:db", "ssm:parameter"]);
  });

  it("lists the AppConfig profiles of the service's configured environments", async () => {
    mocks.tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    mocks.appConfig.on(ListDeploymentsCommand).resolves({
      Items: [deployment(2, "flags5c", "5"), deployment(1, "limits9d", "2")],
    });
    const data = await adapter().listByService("checkout");
    expect(data.map((d) => d.id)).toEqual(["shop1a2/prod3b4/flags5c", "shop1a2/prod3b4/limits9d"]);
  });
});

describe("parseResourceId (data and config ids)", () => {
  it("types ARNs, parameter paths and AppConfig profile ids; keeps load-balancer dimensions as names", () => {
    expect(parseResourceId(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`)).toEqual({
      kind: "table",
      name: "orders",
    });
    expect(parseResourceId(queueArn("orders"))).toEqual({ kind: "queue", name: "orders" });
    expect(parseResourceId(`arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db`)).toEqual({
      kind: "db",
      identifier: "orders-db",
    });
    expect(parseResourceId(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/checkout/db/pool-size`)).toEqual({
      kind: "parameter",
      name: "/checkout/db/pool-size",
    });
    expect(parseResourceId("/checkout/db/pool-size")).toEqual({
      kind: "parameter",
      name: "/checkout/db/pool-size",
    });
    expect(parseResourceId("shop1a2/prod3b4/flags5c")).toEqual({
      kind: "appconfig",
      id: "shop1a2/prod3b4/flags5c",
    });
    expect(parseResourceId("targetgroup/checkout-tg/6d0ecf831eec9f09").kind).toBe("name");
    expect(parseResourceId("app/checkout-alb/50dc6c495c0c9188").kind).toBe("name");
  });
});

describe("bare names", () => {
  it("tries a name only where AWS accepts it (no validation error from another service's name)", async () => {
    mocks.rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "checkout_api" })
      .rejects(awsError("InvalidParameterValue", "invalid identifier"));
    mocks.ssm
      .on(GetParameterHistoryCommand, { Name: "aws-reserved" })
      .rejects(awsError("ValidationException", "bad name"));
    // Underscores are not valid in a DB identifier; "aws..." names are reserved in Parameter Store.
    await expect(adapter().describe("checkout_api")).resolves.toBeUndefined();
    await expect(adapter().describe("aws-reserved")).resolves.toBeUndefined();
    expect(
      mocks.rds.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input.DBInstanceIdentifier),
    ).not.toContain("checkout_api");
    expect(mocks.ssm.commandCalls(GetParameterHistoryCommand).map((c) => c.args[0].input.Name)).not.toContain(
      "aws-reserved",
    );
  });

  it("falls through table, queue and DB instance to a plain parameter name", async () => {
    mocks.ssm.on(GetParameterHistoryCommand, { Name: "feature-limit" }).resolves({
      Parameters: [{ Name: "feature-limit", Type: "String", Version: 1 }],
    });
    mocks.ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: "service", Value: "checkout" }] });
    const p = await adapter().describe("feature-limit");
    expect(p?.type).toBe("ssm-parameter");
    expect(p?.attributes["previousVersions"]).toBe("");
    expect(mocks.ddb.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(mocks.sqs.commandCalls(GetQueueUrlCommand)).toHaveLength(1);
    expect(mocks.rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(1);
  });
});
