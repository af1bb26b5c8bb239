/**
 * Table bootstrap for local runs and tests: the shared table creator with the checkpoint table's shape
 * (string `pk`/`sk`, on-demand billing, TTL on `ttl`), failures rewritten into the saver's own errors.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type EnsureTableResult, ensureTable } from "../../tools/aws-shared/table.js";
import { TABLE_SHAPES } from "../../tools/aws-shared/tables.js";
import { toCheckpointError } from "./errors.js";

export interface CreateCheckpointTableOptions {
  /** How long to wait for the table to become ACTIVE. Default 60 s. */
  timeoutMs?: number;
  /** TTL attribute to enable; `false` to skip. Default `ttl`. */
  ttlAttribute?: string | false;
}

export type CreateCheckpointTableResult = EnsureTableResult;

/** Create the checkpoint table if it does not exist, wait until it is ACTIVE, and enable TTL. */
export async function createCheckpointTable(
  client: DynamoDBClient,
  tableName: string,
  options: CreateCheckpointTableOptions = {},
): Promise<CreateCheckpointTableResult> {
  try {
    return await ensureTable(client, tableName, { ...TABLE_SHAPES.checkpoints, ...options });
  } catch (err) {
    throw await toCheckpointError(err, {
      service: "DynamoDB",
      resource: tableName,
      region: () => client.config.region(),
    });
  }
}
