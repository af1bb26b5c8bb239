/**
 * Parameter Store in the simulated account: String parameters a service reads at runtime, with their version
 * history (as GetParameterHistory returns it). A fault that edits one registers it here; the revert executor
 * writes an earlier version's value as the newest, as ssm:PutParameter would.
 */
import type { ResourceDescription } from "../domain/index.js";
import type { World } from "./world.js";

export interface ParameterVersion {
  version: number;
  value: string;
}

export interface ParameterState {
  name: string;
  service: string;
  /** Target group of the service that reads it (the signal a revert must bring back). */
  targetGroup?: string;
  /** The Lambda function that reads it, when no load balancer fronts the reader (its errors must recover). */
  readerFunction?: string;
  /** Oldest first; the last entry is the current value. */
  history: ParameterVersion[];
}

export function currentParameter(p: ParameterState): ParameterVersion {
  const last = p.history[p.history.length - 1];
  if (!last) throw new Error(`parameter ${p.name} has no version`);
  return last;
}

export function describeParameter(world: World, p: ParameterState): ResourceDescription {
  const current = currentParameter(p);
  return {
    id: p.name,
    type: "ssm-parameter",
    service: p.service,
    state: "active",
    tags: { Service: p.service },
    attributes: {
      parameterType: "String",
      version: String(current.version),
      // Newest first, the current one excluded: the versions a revert may go back to.
      previousVersions: p.history
        .slice(0, -1)
        .map((h) => String(h.version))
        .reverse()
        .join(","),
      ...(p.targetGroup ? { targetGroup: p.targetGroup } : {}),
      ...(p.readerFunction ? { readerFunction: p.readerFunction } : {}),
      arn: `arn:aws:ssm:${world.region}:${world.account}:parameter${p.name.startsWith("/") ? "" : "/"}${p.name}`,
    },
  };
}

/** An AppConfig configuration profile deployed to one environment: its deployed version and history. */
export interface AppConfigState {
  application: string;
  environment: string;
  profile: string;
  service: string;
  targetGroup?: string;
  /** The Lambda function that reads it, when no load balancer fronts the reader. */
  readerFunction?: string;
  /** Hosted configuration versions, oldest first, with the flag state each holds. */
  versions: { version: number; flagOn: boolean }[];
  /** The version deployed to the environment now. */
  deployed: number;
  /** Versions deployed before, newest first. */
  deployedBefore: number[];
}

export const appConfigId = (a: { application: string; environment: string; profile: string }) =>
  `${a.application}/${a.environment}/${a.profile}`;

export function describeAppConfig(world: World, a: AppConfigState): ResourceDescription {
  return {
    id: appConfigId(a),
    type: "appconfig-profile",
    service: a.service,
    state: "deployed",
    tags: { Service: a.service },
    attributes: {
      applicationId: a.application,
      environmentId: a.environment,
      configurationProfileId: a.profile,
      configurationVersion: String(a.deployed),
      previousVersions: a.deployedBefore.map(String).join(","),
      ...(a.targetGroup ? { targetGroup: a.targetGroup } : {}),
      ...(a.readerFunction ? { readerFunction: a.readerFunction } : {}),
      arn: `arn:aws:appconfig:${world.region}:${world.account}:application/${a.application}/environment/${a.environment}`,
    },
  };
}
