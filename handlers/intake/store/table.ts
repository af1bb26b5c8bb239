/**
 * The incident table: one string partition key `pk`, items distinguished by prefix.
 *
 * | pk                      | holds                                                            |
 * |-------------------------|------------------------------------------------------------------|
 * | `INC#<incident id>`     | the incident record (source of truth; every write conditional)   |
 * | `KEY#<hash(open key)>`  | hint: newest generation opened under a service/fingerprint key   |
 * | `FP#<fingerprint>`      | hint: incident an alarm last went to                             |
 * | `RES#<hash(resource)>`  | hint: incident a resource last went to (for context alerts)      |
 *
 * Hints may lag (they are written after the record); readers verify them against the record.
 * Hint items carry `expiresAt` (epoch seconds): enable TTL on that attribute in production.
 */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { sha256 } from "../normalise/fingerprint.js";

export const TTL_ATTRIBUTE = "expiresAt";

export const keys = {
  incident: (id: string) => `INC#${id}`,
  openKey: (openKey: string) => `KEY#${sha256(openKey).slice(0, 40)}`,
  fingerprint: (fingerprint: string) => `FP#${fingerprint}`,
  resource: (resourceKey: string) => `RES#${sha256(resourceKey).slice(0, 40)}`,
};

/** Deterministic incident id for the n-th incident under an open key: every racer computes the same one. */
export function incidentIdFor(openKey: string, generation: number): string {
  return `inc-${sha256(openKey).slice(0, 12)}-${generation}`;
}

/** Creates the table if missing (pay per request) and waits until it is active. Safe to call repeatedly. */
export async function createIncidentTable(
  client: DynamoDBClient,
  tableName: string,
  options: { maxWaitSeconds?: number } = {},
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException) && (error as Error).name !== "ResourceInUseException") {
      throw error;
    }
  }
  await waitUntilTableExists(
    { client, maxWaitTime: options.maxWaitSeconds ?? 60, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
}
