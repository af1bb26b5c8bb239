/** Auto Scaling groups as ResourceDescriptions (`DescribeAutoScalingGroups`): capacity and instances. */
import {
  type AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  type Filter,
} from "@aws-sdk/client-auto-scaling";
import { awsCall } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { tagRecord, tagValue } from "../util.js";
import { targetGroupDimension } from "./ids.js";

/** The tag through which the platform team lets the responder raise MaxSize, and how far. */
export const MAX_SIZE_CEILING_TAG = "air:max-size-ceiling";

function maxSizeCeiling(tags: Record<string, string>): { maxSizeCeiling?: number } {
  const value = Number(tags[MAX_SIZE_CEILING_TAG]);
  return Number.isInteger(value) && value > 0 ? { maxSizeCeiling: value } : {};
}

function describeOne(g: AutoScalingGroup, keys: string[]): ResourceDescription {
  const tags = tagRecord(g.Tags);
  const instances = g.Instances ?? [];
  const inService = instances.filter((i) => i.LifecycleState === "InService" && i.HealthStatus === "Healthy");
  const targetGroup = targetGroupDimension(g.TargetGroupARNs?.[0]);
  return {
    id: g.AutoScalingGroupName ?? "",
    type: "autoscaling-group",
    service: tagValue(tags, keys) ?? "unknown",
    state: g.Status ?? (inService.length > 0 ? "InService" : "Empty"),
    tags,
    attributes: {
      minSize: g.MinSize ?? 0,
      maxSize: g.MaxSize ?? 0,
      desiredCapacity: g.DesiredCapacity ?? 0,
      inServiceCount: inService.length,
      instances: instances.map((i) => i.InstanceId ?? "").join(","),
      instanceType: instances[0]?.InstanceType ?? "",
      ...(targetGroup ? { targetGroup } : {}),
      ...maxSizeCeiling(tags),
      ...(g.AutoScalingGroupARN ? { arn: g.AutoScalingGroupARN } : {}),
    },
  };
}

async function describeWhere(
  client: AutoScalingClient,
  input: { AutoScalingGroupNames?: string[]; Filters?: Filter[] },
  resource: string,
  keys: string[],
): Promise<ResourceDescription[]> {
  const out: ResourceDescription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall(
      { action: "autoscaling:DescribeAutoScalingGroups", resource, region: () => client.config.region() },
      () => client.send(new DescribeAutoScalingGroupsCommand({ ...input, NextToken })),
    );
    out.push(...(page.AutoScalingGroups ?? []).map((g) => describeOne(g, keys)));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** One group by name, or undefined. */
export async function describeGroup(
  client: AutoScalingClient,
  name: string,
  keys: string[],
): Promise<ResourceDescription | undefined> {
  const found = await describeWhere(
    client,
    { AutoScalingGroupNames: [name] },
    `Auto Scaling group ${name}`,
    keys,
  );
  return found.find((g) => g.id === name);
}

/** Groups tagged `<key>=<service>` for any of the tag keys. */
export async function groupsOfService(
  client: AutoScalingClient,
  service: string,
  keys: string[],
): Promise<ResourceDescription[]> {
  const byName = new Map<string, ResourceDescription>();
  for (const key of keys) {
    const found = await describeWhere(
      client,
      { Filters: [{ Name: `tag:${key}`, Values: [service] }] },
      `Auto Scaling groups tagged ${key}=${service}`,
      keys,
    );
    for (const g of found) byName.set(g.id, g);
  }
  return [...byName.values()];
}
