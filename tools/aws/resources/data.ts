/**
 * The data and configuration resources of the AWS resources port: DynamoDB tables, SQS queues, RDS DB
 * instances, Parameter Store parameters and AppConfig profiles. Each reader is optional (its client may be
 * absent); a resource that is missing or not readable (untagged) describes as undefined. A service's
 * resources are the ones tagged with it (one Resource Groups Tagging API query for all four taggable
 * types) and the AppConfig profiles deployed to its configured environments.
 */
import type { AppConfigClient } from "@aws-sdk/client-appconfig";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { RDSClient } from "@aws-sdk/client-rds";
import type { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { ResourceDescription } from "../../domain/index.js";
import { mapLimit } from "../util.js";
import { describeEnvironmentProfiles, describeProfile } from "./appconfig.js";
import { describeTable } from "./dynamodb.js";
import { parseResourceId, type ResourceRef } from "./ids.js";
import { describeParameter } from "./parameters.js";
import { describeDatabase } from "./rds.js";
import { describeQueue } from "./sqs.js";

export interface DataClients {
  tagging: ResourceGroupsTaggingAPIClient;
  dynamo?: DynamoDBClient;
  sqs?: SQSClient;
  rds?: RDSClient;
  ssm?: SSMClient;
  appConfig?: AppConfigClient;
}

/** Tagging API resource types of the taggable data resources whose client is present. */
export function dataResourceTypes(c: DataClients): string[] {
  return [
    ...(c.dynamo ? ["dynamodb:table"] : []),
    ...(c.sqs ? ["sqs"] : []),
    ...(c.rds ? ["rds:db"] : []),
    ...(c.ssm ? ["ssm:parameter"] : []),
  ];
}

type DataRef = Extract<ResourceRef, { kind: "table" | "queue" | "db" | "parameter" | "appconfig" }>;

export function isDataRef(ref: ResourceRef): ref is DataRef {
  return ["table", "queue", "db", "parameter", "appconfig"].includes(ref.kind);
}

/**
 * One data resource by typed id. `environmentService` names the service of an AppConfig environment
 * (`app/env`) from configuration, "unknown" otherwise. `arn` is kept on a parameter found by its ARN.
 */
export async function describeDataRef(
  c: DataClients,
  ref: DataRef,
  keys: readonly string[],
  environmentService: (environment: string) => string,
  arn?: string,
): Promise<ResourceDescription | undefined> {
  switch (ref.kind) {
    case "table":
      return c.dynamo ? describeTable(c.dynamo, ref.name, keys) : undefined;
    case "queue":
      return c.sqs ? describeQueue(c.sqs, ref.name, keys) : undefined;
    case "db":
      return c.rds ? describeDatabase(c.rds, ref.identifier, keys) : undefined;
    case "parameter":
      return c.ssm ? describeParameter(c.ssm, ref.name, keys, arn) : undefined;
    case "appconfig": {
      if (!c.appConfig) return undefined;
      const [app, env] = ref.id.split("/");
      return describeProfile(c.appConfig, ref.id, environmentService(`${app}/${env}`));
    }
  }
}

/**
 * Names each service accepts (AWS's documented constraints): a bare name is only tried where it is valid,
 * so a name another service uses (e.g. `checkout_api`, invalid for RDS) is not sent where AWS would answer
 * with a validation error instead of "not found".
 */
const VALID = {
  table: /^[A-Za-z0-9_.-]{3,255}$/,
  queue: /^[A-Za-z0-9_-]{1,75}(\.fifo)?$/,
  db: /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}$/,
  parameter: /^(?!aws|ssm)[A-Za-z0-9_.-]{1,1011}$/i,
} as const;

/** A bare name no compute or access resource has: a table, else a queue, else a DB instance, else a parameter. */
export async function describeDataName(
  c: DataClients,
  name: string,
  keys: readonly string[],
): Promise<ResourceDescription | undefined> {
  const refs: DataRef[] = [
    ...(VALID.table.test(name) ? [{ kind: "table" as const, name }] : []),
    ...(VALID.queue.test(name) ? [{ kind: "queue" as const, name }] : []),
    ...(VALID.db.test(name) && !name.endsWith("-") ? [{ kind: "db" as const, identifier: name }] : []),
    ...(VALID.parameter.test(name) ? [{ kind: "parameter" as const, name }] : []),
  ];
  for (const ref of refs) {
    const found = await describeDataRef(c, ref, keys, () => "unknown");
    if (found) return found;
  }
  return undefined;
}

/** Tagged data resources of a service (from their ARNs), and the profiles of its AppConfig environments. */
export async function dataOfService(
  c: DataClients,
  arns: readonly string[],
  keys: readonly string[],
  service: string,
  environments: readonly string[],
): Promise<ResourceDescription[]> {
  const tagged = await mapLimit([...arns], 4, (arn) => {
    const ref = parseResourceId(arn);
    return isDataRef(ref) ? describeDataRef(c, ref, keys, () => service, arn) : Promise.resolve(undefined);
  });
  const appConfig = c.appConfig;
  const profiles = appConfig
    ? await mapLimit([...environments], 2, (env) => describeEnvironmentProfiles(appConfig, env, service))
    : [];
  return [...tagged, ...profiles.flat()].filter((r): r is ResourceDescription => r !== undefined);
}
