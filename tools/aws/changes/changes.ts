/**
 * ChangesPort over what AWS services record themselves: ECS deployments, Auto Scaling activities, Lambda
 * version publications, SSM Automation and Run Command, Parameter Store history; and, with a CloudTrail
 * client, the change feed CloudTrail records (`cloudtrail.ts`: Lambda alias moves and configuration edits,
 * parameter writes, AppConfig deployments, security-group and IAM role policy edits), and with an AppConfig
 * client the deployment history of the configured environments (`appconfig.ts`). Not covered: ECS
 * deployments already replaced, changes older than CloudTrail's 90-day event history.
 */
import type { AppConfigClient } from "@aws-sdk/client-appconfig";
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { AwsAdapterError } from "../../aws-shared/errors.js";
import type { ChangeEvent, ResourceDescription } from "../../domain/index.js";
import type { ChangesPort, ResourcesPort } from "../../ports.js";
import { appConfigChanges } from "./appconfig.js";
import { cloudTrailChanges } from "./cloudtrail.js";
import { ecsDeployments, lambdaChanges, scalingActivities, type Window } from "./compute.js";
import { parameterChanges } from "./parameters.js";
import { automationChanges, type Owners, runCommandChanges } from "./ssm.js";

export interface ChangeClients {
  ecs: ECSClient;
  autoScaling: AutoScalingClient;
  lambda: LambdaClient;
  ssm: SSMClient;
  /** The change feed from CloudTrail's event history; without it, those changes are not seen. */
  cloudTrail?: CloudTrailClient;
  /** The Region global-service (IAM) events are recorded in, when it is not the client's Region. */
  cloudTrailGlobal?: CloudTrailClient;
  /** AppConfig: the deployment history of `appConfigEnvironments`. */
  appConfig?: AppConfigClient;
}

export interface AwsChangesOptions {
  /** Services whose changes a query without a service covers. */
  services?: string[];
  /** Also read SSM Automation and Run Command history. Default true. */
  includeSsm?: boolean;
  /** At most this many SSM executions / commands per query. Default 100. */
  maxSsmRecords?: number;
  /** At most this many CloudTrail events per query and Region. Default 500. */
  maxCloudTrailEvents?: number;
  /** Parameter Store names per service, read with `GetParameterHistory` (besides `ssm-parameter` resources). */
  parameters?: Record<string, string[]>;
  /**
   * Other resource ids per service that CloudTrail events are attributed by: security-group ids, IAM role
   * names, AppConfig application/profile ids (`app/profile`), parameter names.
   */
  resourceIds?: Record<string, string[]>;
  /** AppConfig environments per service (`application-id/environment-id`), read with `ListDeployments`. */
  appConfigEnvironments?: Record<string, string[]>;
}

export class AwsChanges implements ChangesPort {
  constructor(
    private readonly clients: ChangeClients,
    /** Finds a service's resources (the AwsResources adapter). */
    private readonly resources: Pick<ResourcesPort, "listByService">,
    private readonly options: AwsChangesOptions = {},
  ) {}

  async list(query: { service?: string; since: Date; until: Date }): Promise<ChangeEvent[]> {
    const services = query.service ? [query.service] : this.options.services;
    if (!services) {
      throw new AwsAdapterError(
        "InvalidQuery: listing changes of every service needs `services` in the AWS changes adapter's options " +
          "(AWS has no account-wide change list without CloudTrail)",
        "invalid",
        "InvalidQuery",
        "changes:list",
        "all services",
      );
    }
    const w: Window = { since: query.since.getTime(), until: query.until.getTime() };
    if (w.until < w.since) return [];
    const resources: ResourceDescription[] = (
      await Promise.all(services.map((s) => this.resources.listByService(s)))
    ).flat();
    const owners: Owners = new Map();
    for (const r of resources) {
      owners.set(r.id, r.service);
      const fn = r.attributes["functionName"];
      if (typeof fn === "string") owners.set(fn, r.service);
    }
    const parameters = new Map<string, string>();
    for (const r of resources) if (r.type === "ssm-parameter") parameters.set(r.id, r.service);
    for (const s of services) {
      for (const name of this.options.parameters?.[s] ?? []) parameters.set(name, s);
      for (const id of this.options.resourceIds?.[s] ?? []) owners.set(id, s);
    }
    for (const [name, s] of parameters) owners.set(name, s);
    const environments = new Map<string, string>();
    for (const s of services) {
      for (const id of this.options.appConfigEnvironments?.[s] ?? []) {
        environments.set(id, s);
        owners.set(id, s);
      }
    }
    const trail = { onlyOwned: query.service !== undefined, max: this.options.maxCloudTrailEvents ?? 500 };
    const trails = [this.clients.cloudTrail, this.clients.cloudTrailGlobal].filter((c) => c !== undefined);
    const ssm = this.options.includeSsm ?? true;
    const ssmOptions = { onlyOwned: query.service !== undefined, max: this.options.maxSsmRecords ?? 100 };
    const batches = await Promise.all([
      ecsDeployments(this.clients.ecs, resources, w),
      scalingActivities(this.clients.autoScaling, resources, w),
      lambdaChanges(this.clients.lambda, resources, w),
      ssm ? automationChanges(this.clients.ssm, owners, w, ssmOptions) : [],
      ssm ? runCommandChanges(this.clients.ssm, owners, w, ssmOptions) : [],
      parameterChanges(this.clients.ssm, parameters, w),
      this.clients.appConfig ? appConfigChanges(this.clients.appConfig, environments, w) : [],
      ...trails.map((c) => cloudTrailChanges(c, owners, w, trail)),
    ]);
    // Parameter and AppConfig history share ids with CloudTrail for one change: the first (history) is kept,
    // and what only the other source knows (who made it; the version it replaced) is added to it.
    const byId = new Map<string, ChangeEvent>();
    for (const c of batches.flat()) {
      const seen = byId.get(c.id);
      if (!seen) byId.set(c.id, c);
      else byId.set(c.id, { ...c, ...seen, service: seen.service === "unknown" ? c.service : seen.service });
    }
    return [...byId.values()].sort((a, b) => a.time.localeCompare(b.time));
  }
}
