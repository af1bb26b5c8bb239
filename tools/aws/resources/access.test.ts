/**
 * Security groups, IAM roles and WAF IP sets described with the attributes the catalogue's access actions
 * read (security.ts: rules/revokedRules, attachedPolicies/detachedPolicies, ipSetId/addresses/neverBlock…).
 * Shapes follow the EC2, IAM, WAFv2 and CloudTrail references; CloudTrail history is the recorded fixture.
 */
import { readFileSync } from "node:fs";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { LambdaClient, ListAliasesCommand } from "@aws-sdk/client-lambda";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import {
  GetIPSetCommand,
  ListIPSetsCommand,
  ListTagsForResourceCommand,
  WAFV2Client,
} from "@aws-sdk/client-wafv2";
import { mockClient } from "aws-sdk-client-mock";
import { awsError, TEST_CLIENT_CONFIG } from "../test-support.js";
import { AwsResources } from "./resources.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../changes/fixtures/${name}`, import.meta.url), "utf8");
const revive = (_k: string, v: unknown) =>
  typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v) ? new Date(v) : v;
const trail = JSON.parse(fixture("cloudtrail-access-events.json"), revive) as {
  regional: LookupEventsCommandOutput[];
  global: LookupEventsCommandOutput[];
};

const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const waf = mockClient(WAFV2Client);
const ct = mockClient(CloudTrailClient);
const asg = mockClient(AutoScalingClient);
const lambda = mockClient(LambdaClient);
const clients = {
  ec2: new EC2Client(TEST_CLIENT_CONFIG),
  autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
  ecs: new ECSClient(TEST_CLIENT_CONFIG),
  lambda: new LambdaClient(TEST_CLIENT_CONFIG),
  tagging: new ResourceGroupsTaggingAPIClient(TEST_CLIENT_CONFIG),
  iam: new IAMClient(TEST_CLIENT_CONFIG),
  wafv2: new WAFV2Client(TEST_CLIENT_CONFIG),
  cloudTrail: new CloudTrailClient({ ...TEST_CLIENT_CONFIG, region: "eu-west-1" }),
  cloudTrailGlobal: new CloudTrailClient({ ...TEST_CLIENT_CONFIG, region: "us-east-1" }),
};
const NOW = new Date("2026-03-01T12:00:00Z");
const resources = () => new AwsResources(clients, { now: () => NOW });

beforeEach(() => {
  for (const m of [ec2, iam, waf, ct, asg, lambda]) m.reset();
  ct.on(LookupEventsCommand).callsFake(async (_input, getClient) =>
    (await getClient().config.region()) === "us-east-1" ? trail.global[0] : trail.regional[0],
  );
  // A bare name is tried as an Auto Scaling group and a Lambda function first.
  asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
  lambda.on(ListAliasesCommand).rejects(awsError("ResourceNotFoundException", "Function not found", 404));
});

describe("security groups", () => {
  it("list the ingress rules and the recorded revocations not restored since", async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: "sg-0123456789abcdef0",
          GroupName: "checkout-db",
          VpcId: "vpc-0a1b2c3d",
          OwnerId: "123456789012",
          Tags: [
            { Key: "service", Value: "checkout" },
            { Key: "air:target-group", Value: "targetgroup/checkout-tg/6d0ecf831eec9f09" },
          ],
          // The 443 rule is back: only the 5432 and 53 revocations are still missing.
          IpPermissions: [
            { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.20.4.0/24" }] },
          ],
        },
      ],
    });
    const sg = await resources().describe("sg-0123456789abcdef0");
    expect(sg).toMatchObject({
      id: "sg-0123456789abcdef0",
      type: "security-group",
      service: "checkout",
      attributes: {
        rules: "tcp:443-443:10.20.4.0/24",
        revokedRules: "udp:53-53:10.30.0.0/24,tcp:5432-5432:sg-0fedcba9876543210",
        targetGroup: "targetgroup/checkout-tg/6d0ecf831eec9f09",
        vpcId: "vpc-0a1b2c3d",
      },
    });
    const lookup = ct.commandCalls(LookupEventsCommand)[0]?.args[0].input;
    expect(lookup).toMatchObject({
      LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "sg-0123456789abcdef0" }],
      EndTime: NOW,
      StartTime: new Date(NOW.getTime() - 90 * 86_400_000),
    });
  });

  it("is undefined for an unknown group", async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(awsError("InvalidGroup.NotFound", "no such group"));
    expect(await resources().describe("sg-0123456789abcdef1")).toBeUndefined();
  });
});

describe("IAM roles", () => {
  it("list the attached policies and the ones detached and not re-attached (IAM events: global Region)", async () => {
    iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: "checkout-task-role",
        RoleId: "AROAEXAMPLE",
        Path: "/",
        Arn: "arn:aws:iam::123456789012:role/checkout-task-role",
        CreateDate: new Date("2025-01-01T00:00:00Z"),
        Tags: [{ Key: "service", Value: "checkout" }],
      },
    });
    iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [
        { PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      ],
      IsTruncated: false,
    });
    const role = await resources().describe("checkout-task-role");
    expect(role).toMatchObject({
      type: "iam-role",
      service: "checkout",
      attributes: {
        attachedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        detachedPolicies: "arn:aws:iam::123456789012:policy/checkout-dynamo",
      },
    });
  });
});

describe("WAF IP sets", () => {
  it("are found by name with their id, addresses and the tag-configured never-block list and load balancer", async () => {
    iam.on(GetRoleCommand).rejects(awsError("NoSuchEntityException", "role not found", 404));
    const arn =
      "arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/edge-blocklist/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    waf.on(ListIPSetsCommand).resolves({
      IPSets: [
        {
          Name: "edge-blocklist",
          Id: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
          ARN: arn,
          LockToken: "l",
          Description: "",
        },
      ],
    });
    waf.on(GetIPSetCommand).resolves({
      IPSet: {
        Name: "edge-blocklist",
        Id: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        ARN: arn,
        IPAddressVersion: "IPV4",
        Addresses: ["192.0.2.0/24", "198.51.100.9/32"],
      },
      LockToken: "l",
    });
    waf.on(ListTagsForResourceCommand).resolves({
      TagInfoForResource: {
        ResourceARN: arn,
        TagList: [
          { Key: "service", Value: "checkout" },
          { Key: "air:never-block", Value: "203.0.113.50/32 203.0.113.51/32" },
          { Key: "air:load-balancer", Value: "app/checkout-alb/50dc6c495c0c9188" },
          { Key: "air:normal-requests-per-minute", Value: "1200" },
          { Key: "air:associated-with", Value: "app/checkout-alb/50dc6c495c0c9188 app/checkout-alb-2/1a2b" },
          { Key: "air:web-acl", Value: "checkout-edge" },
          { Key: "air:waf-log-group", Value: "aws-waf-logs-checkout-edge" },
        ],
      },
    });
    const set = await resources().describe("edge-blocklist");
    expect(set).toMatchObject({
      id: "edge-blocklist",
      type: "waf-ip-set",
      service: "checkout",
      attributes: {
        ipSetId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        addresses: "192.0.2.0/24,198.51.100.9/32",
        neverBlock: "203.0.113.50/32,203.0.113.51/32",
        loadBalancer: "app/checkout-alb/50dc6c495c0c9188",
        normalRequestsPerMinute: "1200",
        // The planner's relations, from tags: the list as the simulated account writes it.
        associatedWith: "app/checkout-alb/50dc6c495c0c9188,app/checkout-alb-2/1a2b",
        webAcl: "checkout-edge",
        logGroup: "aws-waf-logs-checkout-edge",
      },
    });
    expect(waf.commandCalls(ListIPSetsCommand)[0]?.args[0].input).toMatchObject({ Scope: "REGIONAL" });
  });

  it("a name nothing knows stays undefined; a role the responder may not read (untagged) is not described", async () => {
    iam.on(GetRoleCommand).rejects(awsError("AccessDenied", "not authorized to perform iam:GetRole", 403));
    waf.on(ListIPSetsCommand).resolves({ IPSets: [] });
    expect(await resources().describe("nothing-here")).toBeUndefined();
  });
});
