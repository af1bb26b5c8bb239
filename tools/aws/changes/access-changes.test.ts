/**
 * The change feed for what the access and configuration actions revert: security-group rules (with the
 * rule in `from`/`to`), IAM role policy edits (global Region), and AppConfig deployments from both the
 * environment's history and CloudTrail, merged into one change per deployment. Recorded responses follow
 * the CloudTrail, EC2 and AppConfig references (the CloudTrail `CloudTrailEvent` field is a JSON string).
 */
import { readFileSync } from "node:fs";
import {
  AppConfigClient,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  type ListDeploymentsCommandOutput,
} from "@aws-sdk/client-appconfig";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import { ECSClient } from "@aws-sdk/client-ecs";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { DescribeAutomationExecutionsCommand, ListCommandsCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { FAMILY_SCHEMAS } from "../automation/api-call-schemas.js";
import { TEST_CLIENT_CONFIG } from "../test-support.js";
import { AwsChanges } from "./changes.js";
import { recordedRules } from "./sg-rules.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const revive = (_k: string, v: unknown) =>
  typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v) ? new Date(v) : v;
const trail = JSON.parse(fixture("cloudtrail-access-events.json"), revive) as {
  regional: LookupEventsCommandOutput[];
  global: LookupEventsCommandOutput[];
};
const deployments = JSON.parse(
  fixture("appconfig-list-deployments.json"),
  revive,
) as ListDeploymentsCommandOutput;

const ct = mockClient(CloudTrailClient);
const ssm = mockClient(SSMClient);
const appConfig = mockClient(AppConfigClient);
const since = new Date("2026-03-01T10:00:00Z");
const until = new Date("2026-03-01T12:00:00Z");

const clients = {
  ecs: new ECSClient(TEST_CLIENT_CONFIG),
  autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
  lambda: new LambdaClient(TEST_CLIENT_CONFIG),
  ssm: new SSMClient(TEST_CLIENT_CONFIG),
  cloudTrail: new CloudTrailClient({ ...TEST_CLIENT_CONFIG, region: "eu-west-1" }),
  cloudTrailGlobal: new CloudTrailClient({ ...TEST_CLIENT_CONFIG, region: "us-east-1" }),
  appConfig: new AppConfigClient(TEST_CLIENT_CONFIG),
};
const directory = { listByService: async () => [] };
const feed = () =>
  new AwsChanges(clients, directory, {
    resourceIds: { checkout: ["sg-0123456789abcdef0", "checkout-task-role"] },
    appConfigEnvironments: { checkout: ["abc1234/env5678"] },
  }).list({ service: "checkout", since, until });

beforeEach(() => {
  for (const m of [ct, ssm, appConfig]) m.reset();
  ssm.on(DescribeAutomationExecutionsCommand).resolves({ AutomationExecutionMetadataList: [] });
  ssm.on(ListCommandsCommand).resolves({ Commands: [] });
  ct.on(LookupEventsCommand).callsFake(async (_input, getClient) =>
    (await getClient().config.region()) === "us-east-1" ? trail.global[0] : trail.regional[0],
  );
  appConfig.on(ListDeploymentsCommand).resolves(deployments);
  // Deployment #7's summary has no profile id (an older shape): GetDeployment completes it.
  appConfig.on(GetDeploymentCommand, { DeploymentNumber: 7 }).resolves({
    DeploymentNumber: 7,
    ConfigurationProfileId: "prf9012",
    ConfigurationVersion: "4",
    State: "COMPLETE",
  });
});

describe("security-group changes", () => {
  it("record the revoked rules in `from`, in the form a restore takes, including rules revoked by id", async () => {
    const changes = await feed();
    const revokes = changes.filter((c) => c.summary.startsWith("RevokeSecurityGroupIngress"));
    expect(revokes.map((c) => [c.resourceId, c.from, c.to, c.author])).toEqual([
      [
        "sg-0123456789abcdef0",
        "tcp:5432-5432:sg-0fedcba9876543210,tcp:443-443:10.20.4.0/24",
        undefined,
        "arn:aws:sts::123456789012:assumed-role/operator/carol",
      ],
      [
        "sg-0123456789abcdef0",
        "udp:53-53:10.30.0.0/24",
        undefined,
        "arn:aws:sts::123456789012:assumed-role/operator/carol",
      ],
    ]);
    // Each recorded rule is exactly an sg-restore-ingress-rule request the adapter accepts.
    for (const rule of revokes.flatMap((c) => c.from?.split(",") ?? [])) {
      const [IpProtocol, ports, Source] = rule.split(":");
      const [FromPort, ToPort] = (ports ?? "").split("-").map(Number);
      const request = { GroupId: "sg-0123456789abcdef0", IpProtocol, FromPort, ToPort, Source };
      expect(FAMILY_SCHEMAS["ec2:AuthorizeSecurityGroupIngress"].safeParse(request).success).toBe(true);
    }
  });

  it("keep egress rules apart from ingress ones and all-protocol rules visible as such", () => {
    const res = {
      revokedSecurityGroupRuleSet: {
        items: [
          { isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
          {
            isEgress: false,
            ipProtocol: "tcp",
            fromPort: 22,
            toPort: 22,
            referencedGroupInfo: { groupId: "sg-0aa" },
          },
        ],
      },
    };
    expect(recordedRules({}, res, true)).toEqual(["all:-1--1:0.0.0.0/0"]);
    expect(recordedRules({}, res, false)).toEqual(["tcp:22-22:sg-0aa"]);
  });
});

describe("IAM role policy changes", () => {
  it("record the detached or deleted policy in `from` and the attached one in `to` (global Region)", async () => {
    const iam = (await feed()).filter((c) => c.resourceId === "checkout-task-role");
    expect(iam.map((c) => [c.summary.split(" ")[0], c.from, c.to])).toEqual([
      ["DetachRolePolicy", "arn:aws:iam::123456789012:policy/checkout-dynamo", undefined],
      ["AttachRolePolicy", undefined, "arn:aws:iam::aws:policy/ReadOnlyAccess"],
      ["DeleteRolePolicy", "orders-queue-access", undefined],
    ]);
    expect(iam.every((c) => c.service === "checkout" && c.author?.endsWith("/erin"))).toBe(true);
  });
});

describe("AppConfig deployments", () => {
  it("come from the environment's history with the version replaced, merged with CloudTrail's author", async () => {
    const flags = (await feed()).filter((c) => c.kind === "feature-flag");
    expect(flags).toEqual([
      {
        id: "appconfig:abc1234/env5678/7",
        time: "2026-03-01T10:30:00.000Z",
        service: "checkout",
        resourceId: "abc1234/env5678/prf9012",
        kind: "feature-flag",
        summary: "AppConfig deployment #7 of checkout-flags version 4 to environment env5678",
        from: "3",
        to: "4",
      },
      {
        id: "appconfig:abc1234/env5678/8",
        time: "2026-03-01T11:00:05.000Z",
        service: "checkout",
        resourceId: "abc1234/env5678/prf9012",
        kind: "feature-flag",
        summary: "AppConfig deployment #8 of checkout-flags version 5 to environment env5678 (rolled back)",
        from: "4",
        to: "5",
        author: "arn:aws:sts::123456789012:assumed-role/operator/dave",
      },
    ]);
    expect(appConfig.commandCalls(ListDeploymentsCommand)[0]?.args[0].input).toMatchObject({
      ApplicationId: "abc1234",
      EnvironmentId: "env5678",
    });
    // Only the summary without a profile id needed the extra read.
    expect(appConfig.commandCalls(GetDeploymentCommand)).toHaveLength(1);
  });

  it("are read only for the configured environments", async () => {
    await new AwsChanges(clients, directory, {}).list({ service: "checkout", since, until });
    expect(appConfig.commandCalls(ListDeploymentsCommand)).toHaveLength(0);
  });
});
