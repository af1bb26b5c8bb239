/**
 * DynamoDB tables as ResourceDescriptions (`DescribeTable`, `ListTagsOfResource`), with the attribute names
 * of the simulated account: billing mode, provisioned RCU/WCU (provisioned tables only), status. The
 * auto-scaling maximum (Application Auto Scaling) is not read: without it the planner prefers on-demand.
 */
import {
  DescribeTableCommand,
  type DynamoDBClient,
  ListTagsOfResourceCommand,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { awsCall } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { tagValue } from "../util.js";
import { readable } from "./readable.js";

const ctx = (client: DynamoDBClient, action: string, resource: string) => ({
  action,
  resource,
  region: () => client.config.region(),
});

async function tagsOf(client: DynamoDBClient, arn: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let NextToken: string | undefined;
  do {
    const page = await awsCall(ctx(client, "dynamodb:ListTagsOfResource", `table ${arn}`), () =>
      client.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken })),
    );
    for (const t of page.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
    NextToken = page.NextToken;
  } while (NextToken);
  return tags;
}

export function tableDescription(
  table: TableDescription,
  tags: Record<string, string>,
  keys: readonly string[],
): ResourceDescription {
  // A table created on demand has no BillingModeSummary; one created provisioned may have none either.
  const mode =
    table.BillingModeSummary?.BillingMode ??
    ((table.ProvisionedThroughput?.ReadCapacityUnits ?? 0) > 0 ? "PROVISIONED" : "PAY_PER_REQUEST");
  const throughput = table.ProvisionedThroughput;
  return {
    id: table.TableName ?? "",
    type: "dynamodb-table",
    service: tagValue(tags, keys) ?? "unknown",
    state: table.TableStatus ?? "unknown",
    tags,
    attributes: {
      billingMode: mode,
      ...(mode === "PROVISIONED"
        ? {
            readCapacityUnits: throughput?.ReadCapacityUnits ?? 0,
            writeCapacityUnits: throughput?.WriteCapacityUnits ?? 0,
          }
        : {}),
      ...(table.TableArn ? { arn: table.TableArn } : {}),
    },
  };
}

/** A table by name or ARN; undefined when it does not exist or its reads are denied (untagged). */
export async function describeTable(
  client: DynamoDBClient,
  name: string,
  keys: readonly string[],
): Promise<ResourceDescription | undefined> {
  return readable(async () => {
    const res = await awsCall(ctx(client, "dynamodb:DescribeTable", `table ${name}`), () =>
      client.send(new DescribeTableCommand({ TableName: name })),
    );
    const table = res.Table;
    if (!table?.TableName) return undefined;
    const tags = table.TableArn ? await tagsOf(client, table.TableArn) : {};
    return tableDescription(table, tags, keys);
  });
}

/** `arn:aws:dynamodb:eu-west-1:123:table/orders` → `orders` (undefined for indexes and streams). */
export function tableNameOfArn(arn: string): string | undefined {
  return /:table\/([^/]+)$/.exec(arn)?.[1];
}
