/**
 * ECS services as ResourceDescriptions (`DescribeServices`), with the family's earlier ACTIVE task definition
 * revisions (`ListTaskDefinitions`, newest first) as `previousTaskDefinitions`: the rollback candidates.
 */
import {
  DescribeServicesCommand,
  type ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { awsCall, isAwsError } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { chunks, tagRecord, tagValue } from "../util.js";
import { lastSegment, targetGroupDimension, taskDefinitionName } from "./ids.js";

export interface EcsRef {
  cluster: string;
  service: string;
}

const ctx = (client: ECSClient, action: string, resource: string) => ({
  action,
  resource,
  region: () => client.config.region(),
});

/** Earlier ACTIVE revisions of the family, newest first, that the service could roll back to. */
async function previousRevisions(client: ECSClient, s: Service, max: number): Promise<string[]> {
  const current = taskDefinitionName(s.taskDefinition);
  const [family, revision] = current.split(":");
  if (!family || !revision) return [];
  const older: string[] = [];
  // A deployment still draining runs the revision the service ran just before: it comes first.
  for (const d of s.deployments ?? []) {
    const name = taskDefinitionName(d.taskDefinition);
    if (d.status !== "PRIMARY" && name !== current && name.startsWith(`${family}:`)) older.push(name);
  }
  let nextToken: string | undefined;
  do {
    const page = await awsCall(
      ctx(client, "ecs:ListTaskDefinitions", `task definition family ${family}`),
      () =>
        client.send(
          new ListTaskDefinitionsCommand({ familyPrefix: family, status: "ACTIVE", sort: "DESC", nextToken }),
        ),
    );
    for (const arn of page.taskDefinitionArns ?? []) {
      const name = taskDefinitionName(arn);
      const [f, r] = name.split(":");
      if (f === family && Number(r) < Number(revision) && !older.includes(name)) older.push(name);
    }
    nextToken = older.length < max ? page.nextToken : undefined;
  } while (nextToken);
  return older.slice(0, max);
}

/**
 * The task-count bounds the responder may scale within (`ecs-set-desired-count`), from the `air:min-count` /
 * `air:max-count` tags the owner sets to match the service's Application Auto Scaling target. No tag, no raise.
 */
function countBounds(tags: Record<string, string>): { minCount?: number; maxCount?: number } {
  const read = (key: string) => {
    const n = Number(tags[key]);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const minCount = read("air:min-count");
  const maxCount = read("air:max-count");
  return {
    ...(minCount === undefined ? {} : { minCount }),
    ...(maxCount === undefined ? {} : { maxCount }),
  };
}

async function describeOne(
  client: ECSClient,
  s: Service,
  keys: string[],
  maxPrevious: number,
): Promise<ResourceDescription> {
  const tags = tagRecord(s.tags);
  const cluster = lastSegment(s.clusterArn);
  const name = s.serviceName ?? lastSegment(s.serviceArn);
  const targetGroup = targetGroupDimension(s.loadBalancers?.find((l) => l.targetGroupArn)?.targetGroupArn);
  return {
    id: `${cluster}/${name}`,
    type: "ecs-service",
    service: tagValue(tags, keys) ?? "unknown",
    state: s.status ?? "unknown",
    tags,
    attributes: {
      cluster,
      service: name,
      taskDefinition: taskDefinitionName(s.taskDefinition),
      previousTaskDefinitions: (await previousRevisions(client, s, maxPrevious)).join(","),
      runningCount: s.runningCount ?? 0,
      desiredCount: s.desiredCount ?? 0,
      ...(targetGroup ? { targetGroup } : {}),
      ...countBounds(tags),
      ...(s.serviceArn ? { arn: s.serviceArn } : {}),
    },
  };
}

/** Raw DescribeServices for up to 10 services of one cluster (missing ones are left out). */
export async function fetchServices(client: ECSClient, cluster: string, names: string[]): Promise<Service[]> {
  try {
    const res = await awsCall(
      ctx(client, "ecs:DescribeServices", `ECS services ${names.join(", ")} in cluster ${cluster}`),
      () => client.send(new DescribeServicesCommand({ cluster, services: names, include: ["TAGS"] })),
    );
    return res.services ?? [];
  } catch (err) {
    if (isAwsError(err, "ClusterNotFoundException")) return [];
    throw err;
  }
}

/** One service, or undefined when the cluster or service does not exist. */
export async function describeEcsService(
  client: ECSClient,
  ref: EcsRef,
  keys: string[],
  maxPrevious: number,
): Promise<ResourceDescription | undefined> {
  const [found] = await fetchServices(client, ref.cluster, [ref.service]);
  return found ? describeOne(client, found, keys, maxPrevious) : undefined;
}

/** Several services (each ref's cluster batched by 10). */
export async function describeEcsServices(
  client: ECSClient,
  refs: EcsRef[],
  keys: string[],
  maxPrevious: number,
): Promise<ResourceDescription[]> {
  const out: ResourceDescription[] = [];
  const byCluster = new Map<string, string[]>();
  for (const r of refs) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r.service]);
  for (const [cluster, names] of byCluster) {
    for (const batch of chunks(names, 10)) {
      for (const s of await fetchServices(client, cluster, batch))
        out.push(await describeOne(client, s, keys, maxPrevious));
    }
  }
  return out;
}

/** Which ECS services each service tag value names, across the given clusters (all clusters when omitted). */
export async function indexEcsServices(
  client: ECSClient,
  clusters: string[] | undefined,
  keys: string[],
): Promise<Map<string, EcsRef[]>> {
  let names = clusters;
  if (!names) {
    names = [];
    let nextToken: string | undefined;
    do {
      const page = await awsCall(ctx(client, "ecs:ListClusters", "ECS clusters"), () =>
        client.send(new ListClustersCommand({ nextToken })),
      );
      names.push(...(page.clusterArns ?? []).map(lastSegment));
      nextToken = page.nextToken;
    } while (nextToken);
  }
  const index = new Map<string, EcsRef[]>();
  for (const cluster of names) {
    const services: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await awsCall(ctx(client, "ecs:ListServices", `ECS cluster ${cluster}`), () =>
        client.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 })),
      );
      services.push(...(page.serviceArns ?? []).map(lastSegment));
      nextToken = page.nextToken;
    } while (nextToken);
    for (const batch of chunks(services, 10)) {
      for (const s of await fetchServices(client, cluster, batch)) {
        const service = tagValue(tagRecord(s.tags), keys);
        if (!service || !s.serviceName) continue;
        index.set(service, [...(index.get(service) ?? []), { cluster, service: s.serviceName }]);
      }
    }
  }
  return index;
}
