/**
 * AppConfig deployments from the environments' own history (ListDeployments, newest first): every deployment
 * started in the window, with the version it replaced (the previous completed deployment of the same
 * profile in that environment) and how it ended. A summary without the profile id (older API shapes) is
 * completed with GetDeployment. Who started it is not in the history: the CloudTrail `StartDeployment` event
 * carries it, and shares this change's id, so the two sources merge into one change (`changes.ts`).
 */
import {
  type AppConfigClient,
  type DeploymentSummary,
  GetDeploymentCommand,
  ListDeploymentsCommand,
} from "@aws-sdk/client-appconfig";
import { awsCall } from "../../aws-shared/errors.js";
import type { ChangeEvent } from "../../domain/index.js";
import { iso } from "../util.js";
import type { Window } from "./compute.js";

/** One id for one deployment, whichever source saw it. */
export const appConfigChangeId = (app: string, env: string, n: string | number) =>
  `appconfig:${app}/${env}/${n}`;

/** `application/environment` (or the catalogue's `application/environment/profile`) → its two ids. */
export function parseEnvironment(id: string): { app: string; env: string } | undefined {
  const [app, env] = id.split("/");
  return app && env ? { app, env } : undefined;
}

async function history(client: AppConfigClient, app: string, env: string): Promise<DeploymentSummary[]> {
  const res = await awsCall(
    {
      action: "appconfig:ListDeployments",
      resource: `AppConfig environment ${env} of application ${app}`,
      region: () => client.config.region(),
    },
    () => client.send(new ListDeploymentsCommand({ ApplicationId: app, EnvironmentId: env, MaxResults: 50 })),
  );
  return [...(res.Items ?? [])].sort((a, b) => (a.DeploymentNumber ?? 0) - (b.DeploymentNumber ?? 0));
}

async function profileOf(client: AppConfigClient, app: string, env: string, d: DeploymentSummary) {
  if (d.ConfigurationProfileId) return d.ConfigurationProfileId;
  const full = await awsCall(
    {
      action: "appconfig:GetDeployment",
      resource: `deployment #${d.DeploymentNumber} of AppConfig environment ${env}`,
      region: () => client.config.region(),
    },
    () =>
      client.send(
        new GetDeploymentCommand({
          ApplicationId: app,
          EnvironmentId: env,
          DeploymentNumber: d.DeploymentNumber,
        }),
      ),
  );
  return full.ConfigurationProfileId ?? d.ConfigurationName ?? "?";
}

/** Deployments started in the window in each environment (`app/env` → owning service). */
export async function appConfigChanges(
  client: AppConfigClient,
  environments: ReadonlyMap<string, string>,
  w: Window,
): Promise<ChangeEvent[]> {
  const out: ChangeEvent[] = [];
  for (const [id, service] of environments) {
    const where = parseEnvironment(id);
    if (!where) continue;
    const { app, env } = where;
    const all = await history(client, app, env);
    const profiles = new Map<DeploymentSummary, string>();
    for (const d of all) profiles.set(d, await profileOf(client, app, env, d));
    all.forEach((d, i) => {
      const started = d.StartedAt?.getTime();
      if (started === undefined || started < w.since || started > w.until) return;
      const profile = profiles.get(d) ?? "?";
      const before = all
        .slice(0, i)
        .reverse()
        .find((p) => profiles.get(p) === profile && p.State === "COMPLETE");
      const ended =
        d.State === "COMPLETE" ? "" : ` (${d.State?.toLowerCase().replace("_", " ") ?? "state unknown"})`;
      out.push({
        id: appConfigChangeId(app, env, d.DeploymentNumber ?? "?"),
        time: iso(d.StartedAt) ?? "",
        service,
        resourceId: `${app}/${env}/${profile}`,
        kind: "feature-flag",
        summary:
          `AppConfig deployment #${d.DeploymentNumber} of ${d.ConfigurationName ?? profile} version ` +
          `${d.ConfigurationVersion ?? "?"} to environment ${env}${ended}`,
        ...(before?.ConfigurationVersion ? { from: before.ConfigurationVersion } : {}),
        ...(d.ConfigurationVersion ? { to: d.ConfigurationVersion } : {}),
      });
    });
  }
  return out;
}
