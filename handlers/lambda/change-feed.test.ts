/**
 * The deployed worker's change feed scope: per-service resource ids from the stack (AIR_CHANGE_FEED) and the
 * service map reach the AWS ports, so a CloudTrail change to a security group, a role or a parameter is
 * attributed to the incident's service (before, those changes were dropped from a service's query).
 */
import { AppConfigClient, ListDeploymentsCommand } from "@aws-sdk/client-appconfig";
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
} from "@aws-sdk/client-auto-scaling";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient, ListClustersCommand } from "@aws-sdk/client-ecs";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import {
  DescribeAutomationExecutionsCommand,
  GetParameterHistoryCommand,
  ListCommandsCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { createAwsClients, createAwsPorts } from "../../tools/aws/index.js";
import { changeFeedOptions } from "./change-feed.js";

const feed = {
  checkout: {
    parameters: ["/prod/checkout/tax-service-url"],
    resourceIds: ["sg-0123456789abcdef0", "checkout-task-role"],
    appConfigEnvironments: ["abc1234/env5678"],
  },
};
const serviceMap = {
  byDimension: { InstanceId: { "i-0abc12345678": "checkout", "i-0def12345678": "billing" } },
};

describe("the worker's change feed scope", () => {
  it("merges AIR_CHANGE_FEED with the service map's dimension values, per service", () => {
    expect(
      changeFeedOptions({
        AIR_CHANGE_FEED: JSON.stringify(feed),
        AIR_SERVICE_MAP: JSON.stringify(serviceMap),
      }),
    ).toEqual({
      services: ["billing", "checkout"],
      changeFeed: {
        parameters: { checkout: ["/prod/checkout/tax-service-url"] },
        resourceIds: {
          checkout: ["sg-0123456789abcdef0", "checkout-task-role", "i-0abc12345678"],
          billing: ["i-0def12345678"],
        },
        appConfigEnvironments: { checkout: ["abc1234/env5678"] },
      },
    });
    expect(changeFeedOptions({})).toEqual({});
  });

  it("names the variable, the place and the fix for a bad scope", () => {
    expect(() =>
      changeFeedOptions({
        AIR_CHANGE_FEED: JSON.stringify({ checkout: { appConfigEnvironments: ["shop"] } }),
      }),
    ).toThrow(
      /AIR_CHANGE_FEED at 'checkout.appConfigEnvironments.0': an AppConfig application-id\/environment-id.*air:changeFeed/,
    );
    expect(() => changeFeedOptions({ AIR_CHANGE_FEED: JSON.stringify({ checkout: { roles: [] } }) })).toThrow(
      /AIR_CHANGE_FEED at 'checkout'/,
    );
    expect(() => changeFeedOptions({ AIR_CHANGE_FEED: "{" })).toThrow(/AIR_CHANGE_FEED is not valid JSON/);
  });

  it("reaches the AWS ports: a security-group revocation is attributed to the service it belongs to", async () => {
    const region = "eu-west-1";
    const ct = mockClient(CloudTrailClient);
    const ssm = mockClient(SSMClient);
    // The rest of the account is empty: only CloudTrail has something to say.
    const others = [
      mockClient(EC2Client)
        .on(DescribeInstancesCommand)
        .resolves({ Reservations: [] })
        .on(DescribeSecurityGroupsCommand)
        .resolves({ SecurityGroups: [] }),
      mockClient(AutoScalingClient)
        .on(DescribeAutoScalingGroupsCommand)
        .resolves({ AutoScalingGroups: [] })
        .on(DescribeScalingActivitiesCommand)
        .resolves({ Activities: [] }),
      mockClient(ECSClient).on(ListClustersCommand).resolves({ clusterArns: [] }),
      mockClient(AppConfigClient).on(ListDeploymentsCommand).resolves({ Items: [] }),
      mockClient(ResourceGroupsTaggingAPIClient)
        .on(GetResourcesCommand)
        .resolves({ ResourceTagMappingList: [] }),
    ];
    ssm.on(DescribeAutomationExecutionsCommand).resolves({ AutomationExecutionMetadataList: [] });
    ssm.on(ListCommandsCommand).resolves({ Commands: [] });
    ssm.on(GetParameterHistoryCommand).resolves({ Parameters: [] });
    ct.on(LookupEventsCommand).resolves({
      Events: [
        {
          EventId: "e-revoke",
          EventName: "RevokeSecurityGroupIngress",
          EventSource: "ec2.amazonaws.com",
          EventTime: new Date("2026-03-01T11:00:00Z"),
          CloudTrailEvent: JSON.stringify({
            userIdentity: { arn: "arn:aws:sts::123456789012:assumed-role/operator/carol" },
            requestParameters: {
              groupId: "sg-0123456789abcdef0",
              ipPermissions: {
                items: [
                  {
                    ipProtocol: "tcp",
                    fromPort: 5432,
                    toPort: 5432,
                    groups: { items: [{ groupId: "sg-0fedcba9876543210" }] },
                  },
                ],
              },
            },
          }),
        },
      ],
    });
    const config = {
      region,
      outcomesTable: "outcomes",
      auditBucket: "audit",
      notificationTopicArn: "arn:aws:sns:eu-west-1:123456789012:air",
      clientOverrides: { credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" } },
    };
    const clients = createAwsClients(config);
    // Without the scope the feed cannot tell whose group it is: a service query drops the change.
    const scoped = createAwsPorts(
      { ...config, ...changeFeedOptions({ AIR_CHANGE_FEED: JSON.stringify(feed) }) },
      clients,
    );
    const bare = createAwsPorts(config, clients);
    const query = {
      service: "checkout",
      since: new Date("2026-03-01T10:00:00Z"),
      until: new Date("2026-03-01T12:00:00Z"),
    };
    expect(await bare.changes.list(query)).toEqual([]);
    const [change] = await scoped.changes.list(query);
    for (const m of [...others, ct, ssm]) m.restore();
    expect(change).toMatchObject({
      service: "checkout",
      resourceId: "sg-0123456789abcdef0",
      from: "tcp:5432-5432:sg-0fedcba9876543210",
    });
  });
});
