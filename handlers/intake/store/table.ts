/**
 * The incident table: string partition key `pk` and sort key `sk`.
 *
 * | pk                      | sk                      | holds                                              |
 * |-------------------------|-------------------------|----------------------------------------------------|
 * | `INC#<incident id>`     | `RECORD`                | the incident record (truth; every write conditional) |
 * | `INC#<incident id>`     | `ALERT#<time>#<id>`     | one alert of the incident (idempotent put)         |
 * | `KEY#<hash(open key)>`  | `HINT`                  | newest generation opened under a service/alarm key |
 * | `FP#<fingerprint>`      | `HINT`                  | incident an alarm last went to                     |
 * | `RES#<hash(resource)>`  | `HINT`                  | incident a resource last went to (context alerts)  |
 *
 * Hints and alert items are written after the record, so they may lag; readers verify hints against the
 * record, and a redelivered alert re-writes its alert item. Hints carry `expiresAt` (epoch seconds):
 * enable TTL on that attribute in production.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "../../../tools/aws-shared/table.js";
import { TABLE_SHAPES } from "../../../tools/aws-shared/tables.js";
import { sha256 } from "../normalise/fingerprint.js";

export const TTL_ATTRIBUTE = TABLE_SHAPES.incidents.ttlAttribute;

export interface ItemKey {
  pk: string;
  sk: string;
}

export const RECORD_SK = "RECORD";
export const ALERT_SK_PREFIX = "ALERT#";

export const keys = {
  record: (incidentId: string): ItemKey => ({ pk: `INC#${incidentId}`, sk: RECORD_SK }),
  alert: (incidentId: string, time: string, alertIdKey: string): ItemKey => ({
    pk: `INC#${incidentId}`,
    sk: `${ALERT_SK_PREFIX}${time}#${alertIdKey}`,
  }),
  openKey: (openKey: string): ItemKey => ({ pk: `KEY#${sha256(openKey).slice(0, 40)}`, sk: "HINT" }),
  fingerprint: (fingerprint: string): ItemKey => ({ pk: `FP#${fingerprint}`, sk: "HINT" }),
  resource: (resourceKey: string): ItemKey => ({ pk: `RES#${sha256(resourceKey).slice(0, 40)}`, sk: "HINT" }),
};

/** Deterministic incident id for the n-th incident under an open key: every racer computes the same one. */
export function incidentIdFor(openKey: string, generation: number): string {
  return `inc-${sha256(openKey).slice(0, 12)}-${generation}`;
}

/** Creates the table if missing (pay per request, TTL on `expiresAt`) and waits until it is active. Safe to call repeatedly. */
export async function createIncidentTable(
  client: DynamoDBClient,
  tableName: string,
  options: { maxWaitSeconds?: number } = {},
): Promise<void> {
  await ensureTable(client, tableName, {
    ...TABLE_SHAPES.incidents,
    timeoutMs: (options.maxWaitSeconds ?? 60) * 1000,
  });
}
