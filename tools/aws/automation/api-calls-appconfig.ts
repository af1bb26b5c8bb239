/**
 * AppConfig rollback: redeploy a configuration version the environment ran before (appconfig:StartDeployment)
 * and follow the deployment (appconfig:GetDeployment) until it completes or AppConfig rolls it back.
 *
 * AppConfig runs one deployment per environment at a time. Before starting, the environment's deployment
 * history (ListDeployments, newest first) is read:
 * - a deployment of this profile and version already in progress, or the latest one of the profile already
 *   complete at this version, is adopted (a retry after a crash never starts a second deployment);
 * - any other deployment in progress refuses the start with what is running and what to do;
 * - the version must appear in the history as a completed deployment of this profile (never a version the
 *   environment did not run).
 */
import {
  type AppConfigClient,
  type DeploymentSummary,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  StartDeploymentCommand,
} from "@aws-sdk/client-appconfig";
import { awsCall, isAwsError } from "../../aws-shared/errors.js";
import type { AutomationExecution, AutomationStatus } from "../../domain/index.js";
import { iso } from "../util.js";
import { invalid } from "./api-call-schemas.js";

export interface AppConfigRollback {
  ApplicationId: string;
  EnvironmentId: string;
  ConfigurationProfileId: string;
  ConfigurationVersion: string;
  DeploymentStrategyId: string;
}

/** The deployment the rollback started or adopted. */
export interface AppConfigStarted {
  applicationId: string;
  environmentId: string;
  deploymentNumber: number;
  output: string;
}

const ACTIVE = new Set(["DEPLOYING", "VALIDATING", "BAKING", "ROLLING_BACK"]);
const op = "appconfig:StartDeployment";

const where = (p: { ApplicationId: string; EnvironmentId: string }) =>
  `AppConfig environment ${p.EnvironmentId} of application ${p.ApplicationId}`;

/** The environment's most recent deployments, newest first (one page: AppConfig keeps them in order). */
async function recentDeployments(
  client: AppConfigClient,
  p: AppConfigRollback,
): Promise<DeploymentSummary[]> {
  const res = await awsCall(
    { action: "appconfig:ListDeployments", resource: where(p), region: () => client.config.region() },
    () =>
      client.send(
        new ListDeploymentsCommand({
          ApplicationId: p.ApplicationId,
          EnvironmentId: p.EnvironmentId,
          MaxResults: 50,
        }),
      ),
  );
  return [...(res.Items ?? [])].sort((a, b) => (b.DeploymentNumber ?? 0) - (a.DeploymentNumber ?? 0));
}

const label = (d: DeploymentSummary) =>
  `deployment #${d.DeploymentNumber} (profile ${d.ConfigurationProfileId ?? d.ConfigurationName ?? "?"} version ${d.ConfigurationVersion ?? "?"})`;

/** Starts (or adopts) the deployment of the recorded previous version. */
export async function startAppConfigRollback(
  client: AppConfigClient,
  p: AppConfigRollback,
): Promise<AppConfigStarted> {
  const history = await recentDeployments(client, p);
  const ofProfile = history.filter(
    (d) =>
      d.ConfigurationProfileId === p.ConfigurationProfileId ||
      d.ConfigurationName === p.ConfigurationProfileId,
  );
  const ours = (d: DeploymentSummary) => d.ConfigurationVersion === p.ConfigurationVersion;
  const found = (d: DeploymentSummary, what: string): AppConfigStarted => ({
    applicationId: p.ApplicationId,
    environmentId: p.EnvironmentId,
    deploymentNumber: d.DeploymentNumber ?? 0,
    output: `${label(d)} ${what}`,
  });
  const active = history.find((d) => ACTIVE.has(d.State ?? ""));
  if (active) {
    if (ofProfile.includes(active) && ours(active) && active.State !== "ROLLING_BACK") {
      return found(active, `is already ${active.State?.toLowerCase()}: followed, not started again`);
    }
    throw invalid(
      op,
      where(p),
      `${label(active)} is ${active.State} and AppConfig runs one deployment per environment at a time; ` +
        "wait for it to finish (or stop it with appconfig:StopDeployment) before rolling back",
    );
  }
  const latest = ofProfile[0];
  if (latest && latest.State === "COMPLETE" && ours(latest)) {
    return found(latest, "already runs this version: nothing to deploy");
  }
  if (!ofProfile.some((d) => d.State === "COMPLETE" && ours(d))) {
    throw invalid(
      op,
      where(p),
      `version ${p.ConfigurationVersion} of profile ${p.ConfigurationProfileId} is not among the environment's ` +
        "recent completed deployments; only a version it ran before is redeployed",
    );
  }
  try {
    const res = await awsCall({ action: op, resource: where(p), region: () => client.config.region() }, () =>
      client.send(
        new StartDeploymentCommand({
          ApplicationId: p.ApplicationId,
          EnvironmentId: p.EnvironmentId,
          ConfigurationProfileId: p.ConfigurationProfileId,
          ConfigurationVersion: p.ConfigurationVersion,
          DeploymentStrategyId: p.DeploymentStrategyId,
          Description: `air rollback of profile ${p.ConfigurationProfileId} to version ${p.ConfigurationVersion}`,
        }),
      ),
    );
    return {
      applicationId: p.ApplicationId,
      environmentId: p.EnvironmentId,
      deploymentNumber: res.DeploymentNumber ?? 0,
      output: `deployment #${res.DeploymentNumber ?? "?"} of profile ${p.ConfigurationProfileId} version ${p.ConfigurationVersion} started (${res.State ?? "?"})`,
    };
  } catch (err) {
    // Someone started a deployment between the history read and ours.
    if (isAwsError(err, "ConflictException")) {
      throw invalid(
        op,
        where(p),
        "another deployment started in this environment meanwhile; retry once it is done",
      );
    }
    throw err;
  }
}

/**
 * AppConfig's state in the port's terms. BAKING with 100 % deployed counts as done: every target has the
 * version and the responder's own verification watches the signal from here; an AppConfig alarm rollback
 * during the bake shows in the change feed.
 */
export function appConfigStatus(state: string | undefined, percentage: number | undefined): AutomationStatus {
  if (state === "COMPLETE") return "Success";
  if (state === "BAKING") return (percentage ?? 0) >= 100 ? "Success" : "InProgress";
  if (state === "ROLLED_BACK" || state === "REVERTED" || state === "ROLLING_BACK") return "Failed";
  return "InProgress";
}

/** Status of a rollback deployment (GetDeployment). */
export async function appConfigDeploymentStatus(
  client: AppConfigClient,
  ref: {
    actionId: string;
    startedMs: number;
    applicationId: string;
    environmentId: string;
    deploymentNumber: number;
  },
  executionId: string,
): Promise<AutomationExecution> {
  const d = await awsCall(
    {
      action: "appconfig:GetDeployment",
      resource: `deployment #${ref.deploymentNumber} in ${where({ ApplicationId: ref.applicationId, EnvironmentId: ref.environmentId })}`,
      region: () => client.config.region(),
    },
    () =>
      client.send(
        new GetDeploymentCommand({
          ApplicationId: ref.applicationId,
          EnvironmentId: ref.environmentId,
          DeploymentNumber: ref.deploymentNumber,
        }),
      ),
  );
  const status = appConfigStatus(d.State, d.PercentageComplete);
  const startedAt = iso(d.StartedAt) ?? new Date(ref.startedMs).toISOString();
  const endedAt = status === "InProgress" ? undefined : (iso(d.CompletedAt) ?? startedAt);
  const lastEvent = d.EventLog?.[0]?.Description;
  return {
    executionId,
    actionId: ref.actionId,
    status,
    startedAt,
    ...(endedAt ? { endedAt } : {}),
    output:
      `deployment #${ref.deploymentNumber} of version ${d.ConfigurationVersion ?? "?"}: ${d.State ?? "?"} ` +
      `${d.PercentageComplete ?? 0}%${lastEvent ? `; ${lastEvent}` : ""}`,
  };
}
