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
      arn: `arn:aws:ssm:${world.region}:${world.account}:parameter${p.name.startsWith("/") ? "" : "/"}${p.name}`,
    },
  };
}
