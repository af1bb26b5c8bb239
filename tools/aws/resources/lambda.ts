/**
 * Lambda aliases as ResourceDescriptions (`GetAlias`/`ListAliases`, `ListVersionsByFunction`, `ListTags`):
 * the version the alias points at and the earlier published versions it could roll back to, newest first.
 */
import {
  type AliasConfiguration,
  type FunctionConfiguration,
  GetAliasCommand,
  type LambdaClient,
  ListAliasesCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
} from "@aws-sdk/client-lambda";
import { awsCall, isNotFound } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { tagValue } from "../util.js";

const ctx = (client: LambdaClient, action: string, resource: string) => ({
  action,
  resource,
  region: () => client.config.region(),
});

/** Every published version of a function (not $LATEST). */
export async function publishedVersions(
  client: LambdaClient,
  functionName: string,
): Promise<FunctionConfiguration[]> {
  const out: FunctionConfiguration[] = [];
  let Marker: string | undefined;
  do {
    const page = await awsCall(ctx(client, "lambda:ListVersionsByFunction", `function ${functionName}`), () =>
      client.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker, MaxItems: 50 })),
    );
    out.push(...(page.Versions ?? []).filter((v) => v.Version && v.Version !== "$LATEST"));
    Marker = page.NextMarker;
  } while (Marker);
  return out;
}

async function tagsOf(client: LambdaClient, functionArn: string): Promise<Record<string, string>> {
  const res = await awsCall(ctx(client, "lambda:ListTags", `function ${functionArn}`), () =>
    client.send(new ListTagsCommand({ Resource: functionArn })),
  );
  return { ...(res.Tags ?? {}) };
}

function aliasDescription(
  functionName: string,
  alias: AliasConfiguration,
  versions: FunctionConfiguration[],
  tags: Record<string, string>,
  keys: string[],
  maxPrevious: number,
): ResourceDescription {
  const current = alias.FunctionVersion ?? "";
  const previous = versions
    .map((v) => Number(v.Version))
    .filter((v) => Number.isInteger(v) && v < Number(current))
    .sort((a, b) => b - a)
    .slice(0, maxPrevious);
  const weights = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
  return {
    id: `${functionName}:${alias.Name}`,
    type: "lambda-function",
    service: tagValue(tags, keys) ?? "unknown",
    state: versions.find((v) => v.Version === current)?.State ?? "Active",
    tags,
    attributes: {
      functionName,
      alias: alias.Name ?? "",
      aliasVersion: current,
      previousVersions: previous.join(","),
      ...(weights.length ? { additionalVersionWeights: weights.map(([v, w]) => `${v}=${w}`).join(",") } : {}),
      ...(alias.AliasArn ? { arn: alias.AliasArn } : {}),
    },
  };
}

const functionArnOf = (aliasArn: string) => aliasArn.split(":").slice(0, 7).join(":");

/** One alias of a function, or undefined when either does not exist. */
export async function describeLambdaAlias(
  client: LambdaClient,
  functionName: string,
  alias: string,
  keys: string[],
  maxPrevious: number,
): Promise<ResourceDescription | undefined> {
  let config: AliasConfiguration;
  try {
    config = await awsCall(ctx(client, "lambda:GetAlias", `alias ${alias} of function ${functionName}`), () =>
      client.send(new GetAliasCommand({ FunctionName: functionName, Name: alias })),
    );
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const [versions, tags] = await Promise.all([
    publishedVersions(client, functionName),
    config.AliasArn ? tagsOf(client, functionArnOf(config.AliasArn)) : Promise.resolve({}),
  ]);
  return aliasDescription(functionName, config, versions, tags, keys, maxPrevious);
}

/** Every alias of a function (none when the function does not exist). */
export async function describeLambdaAliases(
  client: LambdaClient,
  functionName: string,
  keys: string[],
  maxPrevious: number,
): Promise<ResourceDescription[]> {
  const aliases: AliasConfiguration[] = [];
  let Marker: string | undefined;
  try {
    do {
      const page = await awsCall(ctx(client, "lambda:ListAliases", `function ${functionName}`), () =>
        client.send(new ListAliasesCommand({ FunctionName: functionName, Marker })),
      );
      aliases.push(...(page.Aliases ?? []));
      Marker = page.NextMarker;
    } while (Marker);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const first = aliases.find((a) => a.AliasArn);
  if (!first?.AliasArn) return [];
  const [versions, tags] = await Promise.all([
    publishedVersions(client, functionName),
    tagsOf(client, functionArnOf(first.AliasArn)),
  ]);
  return aliases.map((a) => aliasDescription(functionName, a, versions, tags, keys, maxPrevious));
}
