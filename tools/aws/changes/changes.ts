/**
 * ChangesPort over what AWS services record themselves: ECS deployments, Auto Scaling activities, Lambda
 * version publications, SSM Automation and Run Command. Not covered (needs CloudTrail or the deploy
 * pipeline): Lambda alias moves, parameter/config edits, feature flags, ECS deployments already replaced.
 */
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { AwsAdapterError } from "../../aws-shared/errors.js";
import type { ChangeEvent, ResourceDescription } from "../../domain/index.js";
import type { ChangesPort, ResourcesPort } from "../../ports.js";
import { ecsDeployments, lambdaChanges, scalingActivities, type Window } from "./compute.js";
import { automationChanges, type Owners, runCommandChanges } from "./ssm.js";

export interface ChangeClients {
  ecs: ECSClient;
  autoScaling: AutoScalingClient;
  lambda: LambdaClient;
  ssm: SSMClient;
}

export interface AwsChangesOptions {
  /** Services whose changes a query without a service covers. */
  services?: string[];
  /** Also read SSM Automation and Run Command history. Default true. */
  includeSsm?: boolean;
  /** At most this many SSM executions / commands per query. Default 100. */
  maxSsmRecords?: number;
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
    const ssm = this.options.includeSsm ?? true;
    const ssmOptions = { onlyOwned: query.service !== undefined, max: this.options.maxSsmRecords ?? 100 };
    const batches = await Promise.all([
      ecsDeployments(this.clients.ecs, resources, w),
      scalingActivities(this.clients.autoScaling, resources, w),
      lambdaChanges(this.clients.lambda, resources, w),
      ssm ? automationChanges(this.clients.ssm, owners, w, ssmOptions) : [],
      ssm ? runCommandChanges(this.clients.ssm, owners, w, ssmOptions) : [],
    ]);
    const byId = new Map<string, ChangeEvent>();
    for (const c of batches.flat()) byId.set(c.id, c);
    return [...byId.values()].sort((a, b) => a.time.localeCompare(b.time));
  }
}
