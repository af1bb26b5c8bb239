/**
 * AppConfig configuration profiles deployed to one environment (`application/environment/profile`, the id
 * the change feed and the rollback action use) as ResourceDescriptions, from the environment's deployment
 * history (`ListDeployments`, the read the change feed already makes): the version the last completed
 * deployment of that profile put live, and the versions completed before it, newest first. Attribute names
 * are the simulated account's. The owning service is the change feed's configured one (AppConfig's tags
 * need an ARN with the account id, which no read here returns); targetGroup / readerFunction stay out.
 */
import {
  type AppConfigClient,
  type DeploymentSummary,
  ListDeploymentsCommand,
} from "@aws-sdk/client-appconfig";
import { awsCall } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { readable } from "./readable.js";

/** `app/env/profile` → its three ids (each an AppConfig id: no slashes). */
export function parseProfileId(id: string): { app: string; env: string; profile: string } | undefined {
  const parts = id.split("/");
  const [app, env, profile] = parts;
  return parts.length === 3 && app && env && profile ? { app, env, profile } : undefined;
}

export function profileDescription(
  id: string,
  deployments: readonly DeploymentSummary[],
  service: string,
): ResourceDescription | undefined {
  const where = parseProfileId(id);
  if (!where) return undefined;
  const done = deployments
    .filter((d) => d.State === "COMPLETE" && d.ConfigurationVersion)
    .sort((a, b) => (b.DeploymentNumber ?? 0) - (a.DeploymentNumber ?? 0));
  const [live, ...before] = done;
  if (!live?.ConfigurationVersion) return undefined;
  const previous = [...new Set(before.map((d) => d.ConfigurationVersion ?? ""))].filter(
    (v) => v !== "" && v !== live.ConfigurationVersion,
  );
  return {
    id,
    type: "appconfig-profile",
    service,
    state: "deployed",
    tags: {},
    attributes: {
      applicationId: where.app,
      environmentId: where.env,
      configurationProfileId: where.profile,
      configurationVersion: live.ConfigurationVersion,
      previousVersions: previous.join(","),
    },
  };
}

/** Every deployment of an environment (AppConfig keeps the history per environment). */
async function deploymentsOf(
  client: AppConfigClient,
  app: string,
  env: string,
): Promise<DeploymentSummary[]> {
  const items: DeploymentSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall(
      {
        action: "appconfig:ListDeployments",
        resource: `AppConfig environment ${env} of application ${app}`,
        region: () => client.config.region(),
      },
      () =>
        client.send(
          new ListDeploymentsCommand({ ApplicationId: app, EnvironmentId: env, MaxResults: 50, NextToken }),
        ),
    );
    items.push(...(page.Items ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return items;
}

/**
 * A profile's deployment state in one environment; undefined when nothing of that profile was deployed
 * there, or the application or environment does not exist or cannot be read.
 */
export async function describeProfile(
  client: AppConfigClient,
  id: string,
  service: string,
): Promise<ResourceDescription | undefined> {
  const where = parseProfileId(id);
  if (!where) return undefined;
  return readable(async () => {
    const items = await deploymentsOf(client, where.app, where.env);
    return profileDescription(
      id,
      items.filter((d) => d.ConfigurationProfileId === where.profile),
      service,
    );
  });
}

/** Every profile deployed to an environment (`app/env`, as the change feed configures it). */
export async function describeEnvironmentProfiles(
  client: AppConfigClient,
  environment: string,
  service: string,
): Promise<ResourceDescription[]> {
  const [app, env] = environment.split("/");
  if (!app || !env) return [];
  const items = (await readable(() => deploymentsOf(client, app, env))) ?? [];
  const profiles = [...new Set(items.map((d) => d.ConfigurationProfileId ?? ""))].filter(Boolean);
  return profiles
    .map((p) =>
      profileDescription(
        `${app}/${env}/${p}`,
        items.filter((d) => d.ConfigurationProfileId === p),
        service,
      ),
    )
    .filter((r): r is ResourceDescription => r !== undefined);
}
