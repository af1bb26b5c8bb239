/**
 * Parameter Store parameters as ResourceDescriptions (`GetParameterHistory` without decryption, so a
 * SecureString value is never read in clear; `ListTagsForResource` for the owning service), with the
 * attribute names of the simulated account: parameterType, version and previousVersions (newest first, the
 * current one excluded: the versions the revert action may restore). Which reader's errors a revert must
 * bring back (targetGroup / readerFunction) is not in AWS; it stays out.
 */
import { GetParameterHistoryCommand, ListTagsForResourceCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { awsCall } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { tagValue } from "../util.js";
import { readable } from "./readable.js";

const ctx = (client: SSMClient, action: string, name: string) => ({
  action,
  resource: `parameter ${name}`,
  region: () => client.config.region(),
});

interface Version {
  version: number;
  type: string;
}

async function versionsOf(client: SSMClient, name: string): Promise<Version[]> {
  const out: Version[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall(ctx(client, "ssm:GetParameterHistory", name), () =>
      client.send(
        new GetParameterHistoryCommand({ Name: name, WithDecryption: false, MaxResults: 50, NextToken }),
      ),
    );
    for (const p of page.Parameters ?? []) {
      if (p.Version !== undefined) out.push({ version: p.Version, type: p.Type ?? "String" });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out.sort((a, b) => a.version - b.version);
}

export function parameterDescription(
  name: string,
  versions: readonly Version[],
  tags: Record<string, string>,
  keys: readonly string[],
  arn?: string,
): ResourceDescription | undefined {
  const current = versions.at(-1);
  if (!current) return undefined;
  return {
    id: name,
    type: "ssm-parameter",
    service: tagValue(tags, keys) ?? "unknown",
    state: "active",
    tags,
    attributes: {
      parameterType: current.type,
      version: String(current.version),
      previousVersions: versions
        .slice(0, -1)
        .map((v) => String(v.version))
        .reverse()
        .join(","),
      ...(arn ? { arn } : {}),
    },
  };
}

/** A parameter by name; undefined when it does not exist or its reads are denied (untagged). */
export async function describeParameter(
  client: SSMClient,
  name: string,
  keys: readonly string[],
  arn?: string,
): Promise<ResourceDescription | undefined> {
  return readable(async () => {
    const versions = await versionsOf(client, name);
    if (versions.length === 0) return undefined;
    const res = await awsCall(ctx(client, "ssm:ListTagsForResource", name), () =>
      client.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: name })),
    );
    const tags: Record<string, string> = {};
    for (const t of res.TagList ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
    return parameterDescription(name, versions, tags, keys, arn);
  });
}

/**
 * `arn:aws:ssm:eu-west-1:123:parameter/checkout/db/pool-size` → `/checkout/db/pool-size`. A hierarchical
 * name always starts with `/`; the ARN drops it, so a path gets it back and a plain name stays plain.
 */
export function parameterNameOfArn(arn: string): string | undefined {
  const rest = /:parameter\/(.+)$/.exec(arn)?.[1];
  if (!rest) return undefined;
  return rest.includes("/") ? `/${rest}` : rest;
}
