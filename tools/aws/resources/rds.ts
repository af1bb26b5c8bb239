/**
 * RDS DB instances as ResourceDescriptions (`DescribeDBInstances`, tags included in the answer), with the
 * attribute names of the simulated account: engine, class, storage, Multi-AZ, endpoint, ARN; the state is
 * the instance status (`available`, `rebooting`...). `maxConnections` is not described: it is a parameter-
 * group formula over the instance memory, known for certain only from inside the database.
 */
import { type DBInstance, DescribeDBInstancesCommand, type RDSClient } from "@aws-sdk/client-rds";
import { awsCall } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { tagValue } from "../util.js";
import { readable } from "./readable.js";

export function databaseDescription(db: DBInstance, keys: readonly string[]): ResourceDescription {
  const tags: Record<string, string> = {};
  for (const t of db.TagList ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
  return {
    id: db.DBInstanceIdentifier ?? "",
    type: "rds-instance",
    service: tagValue(tags, keys) ?? "unknown",
    state: db.DBInstanceStatus ?? "unknown",
    tags,
    attributes: {
      ...(db.Engine ? { engine: db.Engine } : {}),
      ...(db.DBInstanceClass ? { instanceClass: db.DBInstanceClass } : {}),
      ...(db.AllocatedStorage !== undefined ? { allocatedStorageGb: db.AllocatedStorage } : {}),
      multiAz: db.MultiAZ ?? false,
      ...(db.Endpoint?.Address ? { endpoint: db.Endpoint.Address } : {}),
      ...(db.DBInstanceArn ? { arn: db.DBInstanceArn } : {}),
    },
  };
}

/** A DB instance by identifier or ARN; undefined when it does not exist or its read is denied (untagged). */
export async function describeDatabase(
  client: RDSClient,
  identifier: string,
  keys: readonly string[],
): Promise<ResourceDescription | undefined> {
  return readable(async () => {
    const res = await awsCall(
      {
        action: "rds:DescribeDBInstances",
        resource: `DB instance ${identifier}`,
        region: () => client.config.region(),
      },
      () => client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier })),
    );
    const db = res.DBInstances?.[0];
    return db?.DBInstanceIdentifier ? databaseDescription(db, keys) : undefined;
  });
}

/** `arn:aws:rds:eu-west-1:123:db:orders-db` → `orders-db`. */
export function dbIdentifierOfArn(arn: string): string | undefined {
  return /:db:([^:]+)$/.exec(arn)?.[1];
}
