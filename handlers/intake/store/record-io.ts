/** Reads and conditional writes of incident records and hint items (no decisions here). */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Alert } from "../../../tools/domain/alert.js";
import { type IncidentRecord, IncidentRecordSchema } from "../correlate/record.js";
import { keys, TTL_ATTRIBUTE } from "./table.js";

/** Stay well under DynamoDB's 400 KB item limit. */
const MAX_ITEM_BYTES = 300 * 1024;
const HINT_TTL_SECONDS = 90 * 24 * 3600;

export class IntakeStoreError extends Error {
  override name = "IntakeStoreError";
}

function isConditionFailure(error: unknown): boolean {
  return (error as Error | undefined)?.name === "ConditionalCheckFailedException";
}

/** Wraps SDK errors that mean "your setup is wrong" in a message that says what to do. */
function explain(error: unknown, tableName: string): unknown {
  if ((error as Error | undefined)?.name === "ResourceNotFoundException") {
    return new IntakeStoreError(
      `DynamoDB table ${tableName} not found: create it with createIncidentTable() (local) or deploy the stack`,
      { cause: error },
    );
  }
  return error;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** A stored alert cut to its identity and state, for records that would not fit otherwise. */
function slim(alert: Alert): Alert {
  return { ...alert, reason: alert.reason.slice(0, 256), tags: {}, resources: alert.resources.slice(0, 5) };
}

/** Drops middle alerts (keeping the first and the latest), then slims alerts, until the item fits. */
export function fitRecord(record: IncidentRecord): IncidentRecord {
  let alerts = record.incident.alerts;
  const sized = (list: Alert[]) => bytes({ ...record, incident: { ...record.incident, alerts: list } });
  while (alerts.length > 2 && sized(alerts) > MAX_ITEM_BYTES) alerts = [alerts[0] as Alert, ...alerts.slice(2)];
  if (sized(alerts) > MAX_ITEM_BYTES) alerts = alerts.map(slim);
  if (sized(alerts) > MAX_ITEM_BYTES) {
    throw new IntakeStoreError(`incident ${record.incident.id} does not fit in one DynamoDB item`);
  }
  return alerts === record.incident.alerts ? record : { ...record, incident: { ...record.incident, alerts } };
}

export class RecordTable {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private async get(pk: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk }, ConsistentRead: true }));
      return out.Item;
    } catch (error) {
      throw explain(error, this.tableName);
    }
  }

  /** Put; resolves false when the condition fails (someone else wrote first). */
  private async put(
    item: Record<string, unknown>,
    condition?: string,
    values?: Record<string, unknown>,
    names?: Record<string, string>,
  ) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(condition ? { ConditionExpression: condition } : {}),
          ...(values ? { ExpressionAttributeValues: values } : {}),
          ...(names ? { ExpressionAttributeNames: names } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw explain(error, this.tableName);
    }
  }

  async getRecord(incidentId: string): Promise<IncidentRecord | undefined> {
    const item = await this.get(keys.incident(incidentId));
    if (!item) return undefined;
    const { pk: _pk, ...rest } = item;
    const parsed = IncidentRecordSchema.safeParse(rest);
    if (!parsed.success) {
      throw new IntakeStoreError(
        `incident item ${incidentId} in ${this.tableName} is not a valid record: ${parsed.error.issues[0]?.message}`,
      );
    }
    return parsed.data;
  }

  /** Creates the record only if no item has its id: exactly one of any number of racers succeeds. */
  createRecord(record: IncidentRecord): Promise<boolean> {
    const item = { pk: keys.incident(record.incident.id), ...fitRecord(record) };
    return this.put(item, "attribute_not_exists(pk)");
  }

  /** Replaces the record only if it still has the version it was read at (optimistic concurrency). */
  replaceRecord(before: IncidentRecord, after: IncidentRecord): Promise<boolean> {
    const item = { pk: keys.incident(after.incident.id), ...fitRecord(after) };
    return this.put(item, "#version = :read", { ":read": before.version }, { "#version": "version" });
  }

  /** A hint item's incident id and generation, if present. */
  async getHint(pk: string): Promise<{ incidentId?: string; generation?: number } | undefined> {
    const item = await this.get(pk);
    if (!item) return undefined;
    const incidentId = typeof item["incidentId"] === "string" ? item["incidentId"] : undefined;
    const generation = typeof item["generation"] === "number" ? item["generation"] : undefined;
    return { ...(incidentId ? { incidentId } : {}), ...(generation ? { generation } : {}) };
  }

  /** Writes a hint; with `generation`, only moves it forward (never back to an older incident). */
  async putHint(pk: string, incidentId: string, now: Date, generation?: number): Promise<void> {
    const item = {
      pk,
      incidentId,
      ...(generation !== undefined ? { generation } : {}),
      [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + HINT_TTL_SECONDS,
    };
    if (generation === undefined) await this.put(item);
    else {
      const condition = "attribute_not_exists(pk) OR #generation < :g";
      await this.put(item, condition, { ":g": generation }, { "#generation": "generation" });
    }
  }
}
