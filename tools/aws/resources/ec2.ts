/** EC2 instances as ResourceDescriptions (`DescribeInstances`); the group is the instance's Auto Scaling group. */
import { DescribeInstancesCommand, type EC2Client, type Filter, type Instance } from "@aws-sdk/client-ec2";
import { awsCall, isAwsError } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { tagRecord, tagValue } from "../util.js";

const LIVE_STATES = ["pending", "running", "stopping", "stopped", "shutting-down"];

function describeOne(
  i: Instance,
  owner: string | undefined,
  region: string,
  keys: string[],
): ResourceDescription {
  const tags = tagRecord(i.Tags);
  const group = tags["aws:autoscaling:groupName"];
  const attributes: Record<string, string | number | boolean> = {
    instanceType: i.InstanceType ?? "",
    availabilityZone: i.Placement?.AvailabilityZone ?? "",
    launchTime: i.LaunchTime?.toISOString() ?? "",
  };
  if (i.PrivateIpAddress) attributes["privateIp"] = i.PrivateIpAddress;
  if (owner) attributes["arn"] = `arn:aws:ec2:${region}:${owner}:instance/${i.InstanceId}`;
  return {
    id: i.InstanceId ?? "",
    type: "ec2-instance",
    service: tagValue(tags, keys) ?? "unknown",
    ...(group ? { group } : {}),
    state: i.State?.Name ?? "unknown",
    tags,
    attributes,
  };
}

async function describeWhere(
  client: EC2Client,
  input: { InstanceIds?: string[]; Filters?: Filter[] },
  resource: string,
  keys: string[],
): Promise<ResourceDescription[]> {
  const region = await client.config.region();
  const out: ResourceDescription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall(
      { action: "ec2:DescribeInstances", resource, region: () => client.config.region() },
      () => client.send(new DescribeInstancesCommand({ ...input, NextToken })),
    );
    for (const r of page.Reservations ?? []) {
      for (const i of r.Instances ?? []) out.push(describeOne(i, r.OwnerId, region, keys));
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** One instance, or undefined when EC2 does not know the id. */
export async function describeInstance(
  client: EC2Client,
  instanceId: string,
  keys: string[],
): Promise<ResourceDescription | undefined> {
  try {
    const [found] = await describeWhere(
      client,
      { InstanceIds: [instanceId] },
      `instance ${instanceId}`,
      keys,
    );
    return found;
  } catch (err) {
    if (isAwsError(err, "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed")) return undefined;
    throw err;
  }
}

/** Instances (not terminated) tagged `<key>=<service>` for any of the tag keys. */
export async function instancesOfService(
  client: EC2Client,
  service: string,
  keys: string[],
): Promise<ResourceDescription[]> {
  const byId = new Map<string, ResourceDescription>();
  for (const key of keys) {
    const found = await describeWhere(
      client,
      {
        Filters: [
          { Name: `tag:${key}`, Values: [service] },
          { Name: "instance-state-name", Values: LIVE_STATES },
        ],
      },
      `instances tagged ${key}=${service}`,
      keys,
    );
    for (const r of found) byId.set(r.id, r);
  }
  return [...byId.values()];
}
