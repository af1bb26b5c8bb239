/**
 * Configuration reverts: an AppConfig profile or a Parameter Store parameter back to the version it had
 * before the change triage blames. Only versions the resource really had are accepted.
 */
import { z } from "zod";
import type { ResourceDescription } from "../../../tools/domain/index.js";
import type { ActionDefinition, SuccessSignal } from "../types.js";
import { attr, listAttr, oneAtATime, plainName, refuse, targetGroup5xx } from "./shared.js";

/**
 * The signal a revert must bring back: the reader's errors. A service behind a load balancer shows them as
 * target 5XX; a Lambda function that reads the value (attribute readerFunction) as its Errors metric.
 */
function readerRecovers(target: ResourceDescription): SuccessSignal {
  const fn = attr(target, "readerFunction");
  if (attr(target, "targetGroup") === "" && fn !== "") {
    return {
      namespace: "AWS/Lambda",
      metric: "Errors",
      dimensions: { FunctionName: fn },
      stat: "Sum",
      recoveredWhen: "below" as const,
      threshold: 5,
      datapoints: 3,
      deadlineMinutes: 10,
    };
  }
  return targetGroup5xx(target, 10);
}

const appConfigId = plainName("AppConfig id", 128);
const version = z.string().regex(/^[1-9]\d{0,9}$/, "a version number");

export const appConfigRollback: ActionDefinition = {
  id: "appconfig-rollback-configuration",
  title: "Roll an AppConfig feature flag or configuration back to its previous version",
  description:
    "Deploys the previous hosted configuration version (appconfig:StartDeployment with the all-at-once " +
    "strategy) to the same environment. The flag or setting returns to what it was; the rollback redeploys " +
    "the version that was live before.",
  targetType: "appconfig-profile",
  params: z.strictObject({
    ApplicationId: appConfigId,
    EnvironmentId: appConfigId,
    ConfigurationProfileId: appConfigId,
    ConfigurationVersion: version,
    DeploymentStrategyId: z.literal("AppConfig.AllAtOnce"),
  }),
  risk: "low",
  reversible: true,
  executor: { type: "api", operation: "appconfig:StartDeployment" },
  targetOf: (p) => `${p.ApplicationId}/${p.EnvironmentId}/${p.ConfigurationProfileId}`,
  blastRadius(p, context) {
    const id = `${p.ApplicationId}/${p.EnvironmentId}/${p.ConfigurationProfileId}`;
    const affected = [id];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const current = attr(context.target, "configurationVersion");
    if (current === p.ConfigurationVersion) {
      return refuse(`the environment already runs version ${current}`, affected);
    }
    if (!listAttr(context.target, "previousVersions").includes(String(p.ConfigurationVersion))) {
      return refuse(`version ${p.ConfigurationVersion} was never deployed to this environment`, affected);
    }
    return {
      allowed: true,
      reason: `one profile in one environment, ${current} → ${p.ConfigurationVersion}`,
      affected,
    };
  },
  successSignal: (_p, target) => readerRecovers(target),
  rollback: (p, before) => ({
    actionId: "appconfig-rollback-configuration",
    params: { ...p, ConfigurationVersion: attr(before, "configurationVersion") },
  }),
};

export const parameterRevert: ActionDefinition = {
  id: "ssm-parameter-revert",
  title: "Revert a Parameter Store parameter to an earlier version's value",
  description:
    "Reads the chosen version from the parameter's history (ssm:GetParameterHistory) and writes its value as " +
    "the newest version (ssm:PutParameter, Overwrite). String and StringList parameters only: SecureString " +
    "values are never read by the responder. The rollback writes back the value it replaced.",
  targetType: "ssm-parameter",
  params: z.strictObject({
    Name: z
      .string()
      .regex(
        /^\/?[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/,
        "a parameter name like /checkout/db/pool-size (no ARN, no '..')",
      )
      .max(1011),
    RestoreVersion: version,
  }),
  risk: "low",
  reversible: true,
  executor: { type: "api", operation: "ssm:PutParameter" },
  targetOf: (p) => String(p.Name),
  blastRadius(p, context) {
    const affected = [String(p.Name)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "parameterType") === "SecureString") {
      return refuse("SecureString parameters are never read or rewritten by the responder", affected);
    }
    const current = attr(context.target, "version");
    if (current === p.RestoreVersion) return refuse(`version ${current} is already the newest`, affected);
    if (!listAttr(context.target, "previousVersions").includes(String(p.RestoreVersion))) {
      return refuse(`version ${p.RestoreVersion} is not in the parameter's history`, affected);
    }
    return {
      allowed: true,
      reason: `one parameter, value of version ${p.RestoreVersion} written as newest`,
      affected,
    };
  },
  successSignal: (_p, target) => readerRecovers(target),
  rollback: (p, before) => ({
    actionId: "ssm-parameter-revert",
    params: { Name: p.Name, RestoreVersion: attr(before, "version") },
  }),
};
