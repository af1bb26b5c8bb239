import { readFileSync } from "node:fs";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import { ECSClient } from "@aws-sdk/client-ecs";
import { LambdaClient, ListVersionsByFunctionCommand } from "@aws-sdk/client-lambda";
import {
  DescribeAutomationExecutionsCommand,
  GetParameterHistoryCommand,
  type GetParameterHistoryCommandOutput,
  ListCommandsCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import type { ResourceDescription } from "../../domain/index.js";
import { TEST_CLIENT_CONFIG } from "../test-support.js";
import { AwsChanges } from "./changes.js";
import { baseEventName, cloudTrailChanges, TRACKED_EVENTS } from "./cloudtrail.js";

/** Recorded responses, written from the documented shapes; dates revived as the SDK deserializes them. */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const revive = (_k: string, v: unknown) =>
  typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v) ? new Date(v) : v;
const trail = JSON.parse(fixture("cloudtrail-lookup-events.json"), revive) as {
  regional: LookupEventsCommandOutput[];
  global: LookupEventsCommandOutput[];
};
const history = JSON.parse(fixture("ssm-parameter-history.json"), revive) as GetParameterHistoryCommandOutput;

const regional = new CloudTrailClient({ ...TEST_CLIENT_CONFIG, region: "eu-west-1" });
const global = new CloudTrailClient({ ...TEST_CLIENT_CONFIG, region: "us-east-1" });
const ct = mockClient(CloudTrailClient);
const ssm = mockClient(SSMClient);
const lambda = mockClient(LambdaClient);
const since = new Date("2026-03-01T10:00:00Z");
const until = new Date("2026-03-01T12:00:00Z");
const w = { since: since.getTime(), until: until.getTime() };
const owners = new Map([
  ["checkout-fn", "checkout"],
  ["/prod/checkout/tax-service-url", "checkout"],
  ["abc1234/prof9012", "checkout"],
  ["sg-0123456789abcdef0", "checkout"],
  ["checkout-task-role", "checkout"],
]);

beforeEach(() => {
  ct.reset();
  ssm.reset();
  lambda.reset();
  ct.on(LookupEventsCommand).resolvesOnce(trail.regional[0]!).resolvesOnce(trail.regional[1]!);
});

describe("cloudTrailChanges", () => {
  it("maps each tracked write to a change with resource, from/to and author, across pages", async () => {
    const changes = await cloudTrailChanges(regional, owners, w, { onlyOwned: true });
    expect(changes.map((c) => [c.kind, c.resourceId, c.summary, c.from, c.to])).toEqual([
      ["deployment", "checkout-fn:live", "Lambda alias checkout-fn:live moved to version 9", undefined, "9"],
      [
        "config",
        "/prod/checkout/tax-service-url",
        "SSM parameter /prod/checkout/tax-service-url written (version 4)",
        "3",
        "4",
      ],
      [
        "feature-flag",
        "abc1234/env5678/prof9012",
        "AppConfig deployment #12 of profile prof9012 version 7 to environment env5678 (application abc1234)",
        undefined,
        "7",
      ],
      [
        "infrastructure",
        "sg-0123456789abcdef0",
        "AuthorizeSecurityGroupIngress on sg-0123456789abcdef0: tcp 22 0.0.0.0/0",
        undefined,
        "tcp:22-22:0.0.0.0/0",
      ],
      [
        "config",
        "checkout-fn",
        "Lambda checkout-fn configuration updated (timeout, memorySize)",
        undefined,
        undefined,
      ],
    ]);
    expect(changes[0]).toMatchObject({
      id: "cloudtrail:e-alias",
      time: "2026-03-01T11:20:00.000Z",
      service: "checkout",
      author: "arn:aws:sts::123456789012:assumed-role/deployer/alice",
    });
    const calls = ct.commandCalls(LookupEventsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toMatchObject({
      LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
      StartTime: since,
      EndTime: until,
    });
    expect(calls[1]!.args[0].input.NextToken).toBe("page-2");
  });

  it("drops refused calls, untracked events and (for a service query) other services' resources", async () => {
    const ids = (await cloudTrailChanges(regional, owners, w, { onlyOwned: true })).map((c) => c.id);
    expect(ids).not.toContain("cloudtrail:e-denied"); // AccessDenied: nothing changed
    expect(ids).not.toContain("cloudtrail:e-log"); // not a tracked change
    expect(ids).not.toContain("cloudtrail:e-other-fn"); // billing-fn is not checkout's
    ct.reset();
    ct.on(LookupEventsCommand).resolvesOnce(trail.regional[0]!).resolvesOnce(trail.regional[1]!);
    const all = await cloudTrailChanges(regional, owners, w, { onlyOwned: false });
    expect(all.find((c) => c.id === "cloudtrail:e-other-fn")).toMatchObject({
      service: "unknown",
      resourceId: "billing-fn:live",
    });
  });

  it("stops paging at the event cap", async () => {
    await cloudTrailChanges(regional, owners, w, { onlyOwned: true, max: 3 });
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(1);
  });

  it("survives an event whose detail is not JSON (attributes it by the listed resources)", async () => {
    ct.reset();
    ct.on(LookupEventsCommand).resolves({
      Events: [
        {
          EventId: "e-bad",
          EventName: "UpdateAlias20150331",
          EventSource: "lambda.amazonaws.com",
          EventTime: new Date("2026-03-01T11:00:00Z"),
          Username: "alice",
          CloudTrailEvent: "{not json",
          Resources: [{ ResourceType: "AWS::Lambda::Function", ResourceName: "checkout-fn" }],
        },
      ],
    });
    const [c] = await cloudTrailChanges(regional, owners, w, { onlyOwned: true });
    expect(c).toMatchObject({
      resourceId: "checkout-fn",
      service: "checkout",
      author: "alice",
      kind: "deployment",
    });
  });

  it("strips Lambda's API version from event names and tracks every catalogue-revertible change", () => {
    expect(baseEventName("UpdateAlias20150331")).toBe("UpdateAlias");
    expect(baseEventName("UpdateFunctionConfiguration20150331v2")).toBe("UpdateFunctionConfiguration");
    expect(baseEventName("PutParameter")).toBe("PutParameter");
    expect(TRACKED_EVENTS["iam.amazonaws.com"]).toEqual(
      expect.arrayContaining(["AttachRolePolicy", "DetachRolePolicy", "PutRolePolicy"]),
    );
    expect(TRACKED_EVENTS["ec2.amazonaws.com"]).toEqual(
      expect.arrayContaining(["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"]),
    );
    expect(TRACKED_EVENTS["appconfig.amazonaws.com"]).toEqual(["StartDeployment"]);
  });
});

describe("AwsChanges with the change feed", () => {
  const resources: ResourceDescription[] = [
    {
      id: "checkout-fn:live",
      type: "lambda-function",
      service: "checkout",
      state: "Active",
      tags: {},
      attributes: { functionName: "checkout-fn", alias: "live", aliasVersion: "9" },
    },
    {
      id: "/prod/checkout/tax-service-url",
      type: "ssm-parameter",
      service: "checkout",
      state: "Standard",
      tags: {},
      attributes: {},
    },
  ];
  const directory = { listByService: async (s: string) => (s === "checkout" ? resources : []) };
  const clients = {
    ecs: new ECSClient(TEST_CLIENT_CONFIG),
    autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
    lambda: new LambdaClient(TEST_CLIENT_CONFIG),
    ssm: new SSMClient(TEST_CLIENT_CONFIG),
    cloudTrail: regional,
    cloudTrailGlobal: global,
  };

  it("merges Parameter Store history with CloudTrail, reads IAM events from the global Region, keeps values out", async () => {
    ssm.on(DescribeAutomationExecutionsCommand).resolves({ AutomationExecutionMetadataList: [] });
    ssm.on(ListCommandsCommand).resolves({ Commands: [] });
    ssm.on(GetParameterHistoryCommand).resolves(history);
    lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [] });
    ct.reset();
    ct.callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      if (region === "us-east-1") return trail.global[0];
      return input.NextToken ? trail.regional[1] : trail.regional[0];
    });
    const changes = await new AwsChanges(clients, directory, {
      resourceIds: { checkout: ["abc1234/prof9012", "sg-0123456789abcdef0", "checkout-task-role"] },
    }).list({ service: "checkout", since, until });

    const param = changes.filter((c) => c.resourceId === "/prod/checkout/tax-service-url");
    expect(param).toEqual([
      {
        id: "ssm-parameter:/prod/checkout/tax-service-url:4",
        time: "2026-03-01T11:05:00.000Z",
        service: "checkout",
        resourceId: "/prod/checkout/tax-service-url",
        kind: "config",
        summary: "SSM parameter /prod/checkout/tax-service-url written (version 4)",
        from: "3",
        to: "4",
        author: "arn:aws:sts::123456789012:assumed-role/deployer/bob",
      },
    ]);
    expect(changes.find((c) => c.resourceId === "checkout-task-role")).toMatchObject({
      kind: "infrastructure",
      summary: "DetachRolePolicy arn:aws:iam::123456789012:policy/checkout-dynamo on role checkout-task-role",
      author: "arn:aws:sts::123456789012:assumed-role/deployer/frank",
    });
    expect(changes.map((c) => c.time)).toEqual([...changes.map((c) => c.time)].sort());
    expect(JSON.stringify(changes)).not.toContain("tax-broken.internal");
    expect(ssm.commandCalls(GetParameterHistoryCommand)[0]!.args[0].input).toMatchObject({
      Name: "/prod/checkout/tax-service-url",
      WithDecryption: false,
    });
  });
});
