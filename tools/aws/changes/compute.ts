/**
 * Change history the compute services keep themselves: ECS deployments still listed on the service
 * (`DescribeServices`), Auto Scaling activities (`DescribeScalingActivities`), and Lambda versions published
 * or `$LATEST` updated (`ListVersionsByFunction`). Alias moves are not recorded by Lambda (CloudTrail is).
 */
import { type AutoScalingClient, DescribeScalingActivitiesCommand } from "@aws-sdk/client-auto-scaling";
import type { ECSClient } from "@aws-sdk/client-ecs";
import { type LambdaClient, ListVersionsByFunctionCommand } from "@aws-sdk/client-lambda";
import { awsCall } from "../../aws-shared/errors.js";
import type { ChangeEvent, ResourceDescription } from "../../domain/index.js";
import { fetchServices } from "../resources/ecs.js";
import { taskDefinitionName } from "../resources/ids.js";
import { iso, truncate } from "../util.js";

export interface Window {
  since: number;
  until: number;
}

const inWindow = (t: number | undefined, w: Window) => t !== undefined && t >= w.since && t <= w.until;

/** Deployments of the ECS services among `resources`; `from` is the deployment before it, when still listed. */
export async function ecsDeployments(
  client: ECSClient,
  resources: ResourceDescription[],
  w: Window,
): Promise<ChangeEvent[]> {
  const out: ChangeEvent[] = [];
  for (const r of resources.filter((x) => x.type === "ecs-service")) {
    const cluster = String(r.attributes["cluster"] ?? "");
    const name = String(r.attributes["service"] ?? "");
    const [service] = await fetchServices(client, cluster, [name]);
    const deployments = [...(service?.deployments ?? [])].sort(
      (a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0),
    );
    deployments.forEach((d, i) => {
      if (!inWindow(d.createdAt?.getTime(), w)) return;
      const to = taskDefinitionName(d.taskDefinition);
      const before = deployments[i - 1];
      const state = d.rolloutState ?? d.status ?? "";
      out.push({
        id: d.id ?? `${r.id}@${iso(d.createdAt)}`,
        time: iso(d.createdAt) ?? "",
        service: r.service,
        resourceId: r.id,
        kind: "deployment",
        summary:
          `ECS deployment of ${to} to ${r.id} (${state}` +
          `${d.rolloutStateReason ? `: ${truncate(d.rolloutStateReason, 200)}` : ""})`,
        ...(before ? { from: taskDefinitionName(before.taskDefinition) } : {}),
        to,
      });
    });
  }
  return out;
}

/** Scaling activities (launches, terminations, capacity changes) of the groups among `resources`. */
export async function scalingActivities(
  client: AutoScalingClient,
  resources: ResourceDescription[],
  w: Window,
): Promise<ChangeEvent[]> {
  const out: ChangeEvent[] = [];
  for (const r of resources.filter((x) => x.type === "autoscaling-group")) {
    let NextToken: string | undefined;
    do {
      const page = await awsCall(
        {
          action: "autoscaling:DescribeScalingActivities",
          resource: `Auto Scaling group ${r.id}`,
          region: () => client.config.region(),
        },
        () =>
          client.send(
            new DescribeScalingActivitiesCommand({ AutoScalingGroupName: r.id, NextToken, MaxRecords: 100 }),
          ),
      );
      let older = false;
      for (const a of page.Activities ?? []) {
        const t = a.StartTime?.getTime();
        if (t !== undefined && t < w.since) older = true;
        if (!inWindow(t, w)) continue;
        const capacity = /desired capacity from (\d+) to (\d+)/.exec(a.Cause ?? "");
        out.push({
          id: a.ActivityId ?? `${r.id}@${iso(a.StartTime)}`,
          time: iso(a.StartTime) ?? "",
          service: r.service,
          resourceId: r.id,
          kind: "scaling",
          summary: truncate(
            `${a.Description ?? "Scaling activity"} (${a.StatusCode ?? ""}): ${a.Cause ?? ""}`,
            400,
          ),
          ...(capacity?.[1] && capacity[2] ? { from: capacity[1], to: capacity[2] } : {}),
        });
      }
      // Activities come newest first: stop once the page reaches before the window.
      NextToken = older ? undefined : page.NextToken;
    } while (NextToken);
  }
  return out;
}

/** Lambda's `LastModified` looks like `2024-05-01T12:00:00.000+0000`. */
function lambdaTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  return Number.isNaN(t) ? undefined : t;
}

/** Versions published and `$LATEST` updates of the functions among `resources`. */
export async function lambdaChanges(
  client: LambdaClient,
  resources: ResourceDescription[],
  w: Window,
): Promise<ChangeEvent[]> {
  const out: ChangeEvent[] = [];
  const byFunction = new Map<string, ResourceDescription[]>();
  for (const r of resources.filter((x) => x.type === "lambda-function")) {
    const fn = String(r.attributes["functionName"] ?? r.id);
    byFunction.set(fn, [...(byFunction.get(fn) ?? []), r]);
  }
  for (const [fn, aliases] of byFunction) {
    const service = aliases[0]?.service ?? "unknown";
    const versions: { version: string; time: number | undefined }[] = [];
    let Marker: string | undefined;
    do {
      const page = await awsCall(
        {
          action: "lambda:ListVersionsByFunction",
          resource: `function ${fn}`,
          region: () => client.config.region(),
        },
        () => client.send(new ListVersionsByFunctionCommand({ FunctionName: fn, Marker, MaxItems: 50 })),
      );
      for (const v of page.Versions ?? [])
        versions.push({ version: v.Version ?? "", time: lambdaTime(v.LastModified) });
      Marker = page.NextMarker;
    } while (Marker);
    const published = versions
      .filter((v) => /^\d+$/.test(v.version))
      .sort((a, b) => Number(a.version) - Number(b.version));
    published.forEach((v, i) => {
      if (!inWindow(v.time, w)) return;
      const pointing = aliases
        .filter((a) => a.attributes["aliasVersion"] === v.version)
        .map((a) => a.attributes["alias"]);
      const before = published[i - 1];
      out.push({
        id: `lambda:${fn}:${v.version}`,
        time: new Date(v.time ?? 0).toISOString(),
        service,
        resourceId: pointing.length ? `${fn}:${pointing[0]}` : fn,
        kind: "deployment",
        summary:
          `Lambda ${fn} version ${v.version} published` +
          (pointing.length
            ? `; alias ${pointing.join(", ")} points at it now`
            : "; no alias points at it now"),
        ...(before ? { from: before.version } : {}),
        to: v.version,
      });
    });
    const latest = versions.find((v) => v.version === "$LATEST");
    if (latest && inWindow(latest.time, w)) {
      out.push({
        id: `lambda:${fn}:$LATEST@${new Date(latest.time ?? 0).toISOString()}`,
        time: new Date(latest.time ?? 0).toISOString(),
        service,
        resourceId: fn,
        kind: "config",
        summary: `Lambda ${fn} $LATEST code or configuration updated`,
      });
    }
  }
  return out;
}
