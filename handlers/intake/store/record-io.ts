/** Reads and conditional writes of incident records, their alert items and hint items (no decisions here). */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type Alert, AlertSchema } from "../../../tools/domain/alert.js";
import type { Incident } from "../../../tools/domain/incident.js";
import { alertIdKey, type IncidentRecord, IncidentRecordSchema, MAX_ALERT_IDS } from "../correlate/record.js";
import { ALERT_SK_PREFIX, type ItemKey, keys, TTL_ATTRIBUTE } from "./table.js";

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

interface Condition {
  expression: string;
  values?: Record<string, unknown>;
  names?: Record<string, string>;
}

export class RecordTable {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private async get(key: ItemKey): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      return out.Item;
    } catch (error) {
      throw explain(error, this.tableName);
    }
  }

  /** Put; resolves false when the condition fails (someone else wrote first). */
  private async put(item: Record<string, unknown>, condition?: Condition): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(condition ? { ConditionExpression: condition.expression } : {}),
          ...(condition?.values ? { ExpressionAttributeValues: condition.values } : {}),
          ...(condition?.names ? { ExpressionAttributeNames: condition.names } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw explain(error, this.tableName);
    }
  }

  async getRecord(incidentId: string): Promise<IncidentRecord | undefined> {
    const item = await this.get(keys.record(incidentId));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = item;
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
    const item = { ...keys.record(record.incident.id), ...record };
    return this.put(item, { expression: "attribute_not_exists(pk)" });
  }

  /** Replaces the record only if it still has the version it was read at (optimistic concurrency). */
  replaceRecord(before: IncidentRecord, after: IncidentRecord): Promise<boolean> {
    const item = { ...keys.record(after.incident.id), ...after };
    const condition = {
      expression: "#version = :read",
      values: { ":read": before.version },
      names: { "#version": "version" },
    };
    return this.put(item, condition);
  }

  /**
   * Counts an alert on the record without a version check: appends its id and bumps count and version,
   * provided the record is still open, has not seen the alert, has room for ids and (for a repeat ALARM)
   * still has that alarm in ALARM. Appends commute, so concurrent ones never conflict with each other.
   */
  async appendAlert(
    record: IncidentRecord,
    alert: Alert,
    now: Date,
    alarmInAlarm?: string,
  ): Promise<boolean> {
    const names: Record<string, string> = {
      "#ids": "alertIds",
      "#count": "alertCount",
      "#version": "version",
      "#updatedAt": "updatedAt",
      "#incident": "incident",
      "#status": "status",
    };
    const values: Record<string, unknown> = {
      ":ids": [alertIdKey(alert.id)],
      ":id": alertIdKey(alert.id),
      ":one": 1,
      ":now": now.toISOString(),
      ":resolved": "resolved",
      ":max": MAX_ALERT_IDS - 1,
    };
    let condition =
      "attribute_exists(pk) AND #incident.#status <> :resolved AND NOT contains(#ids, :id) AND size(#ids) < :max";
    if (alarmInAlarm) {
      Object.assign(names, { "#alarms": "alarms", "#fp": alarmInAlarm, "#state": "state" });
      values[":alarm"] = "ALARM";
      condition += " AND #alarms.#fp.#state = :alarm";
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.record(record.incident.id),
          UpdateExpression:
            "SET #ids = list_append(#ids, :ids), #updatedAt = :now ADD #count :one, #version :one",
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw explain(error, this.tableName);
    }
  }

  /** Stores one alert of an incident. Idempotent: the key is derived from the alert itself. */
  async putAlert(incidentId: string, alert: Alert): Promise<void> {
    const item = { ...keys.alert(incidentId, alert.time, alertIdKey(alert.id)), alert };
    await this.put(item, { expression: "attribute_not_exists(sk)" });
  }

  /** The incident with its first alert and the most recent ones, `limit` in all, oldest first. */
  async assemble(record: IncidentRecord, limit: number): Promise<Incident> {
    let latest: Alert[] = [];
    try {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: {
            ":pk": keys.record(record.incident.id).pk,
            ":prefix": ALERT_SK_PREFIX,
          },
          ScanIndexForward: false,
          Limit: limit,
          ConsistentRead: true,
        }),
      );
      latest = (out.Items ?? []).flatMap((item) => {
        const parsed = AlertSchema.safeParse(item["alert"]);
        return parsed.success ? [parsed.data] : [];
      });
    } catch (error) {
      throw explain(error, this.tableName);
    }
    const first = record.firstAlert;
    const rest = latest.filter((a) => a.id !== first.id).reverse();
    return { ...record.incident, alerts: [first, ...rest.slice(Math.max(0, rest.length - (limit - 1)))] };
  }

  /** A hint item's incident id and generation, if present. */
  async getHint(key: ItemKey): Promise<{ incidentId?: string; generation?: number } | undefined> {
    const item = await this.get(key);
    if (!item) return undefined;
    const incidentId = typeof item["incidentId"] === "string" ? item["incidentId"] : undefined;
    const generation = typeof item["generation"] === "number" ? item["generation"] : undefined;
    return { ...(incidentId ? { incidentId } : {}), ...(generation ? { generation } : {}) };
  }

  /** Writes a hint; with `generation`, only moves it forward (never back to an older incident). */
  async putHint(key: ItemKey, incidentId: string, now: Date, generation?: number): Promise<void> {
    const item = {
      ...key,
      incidentId,
      ...(generation !== undefined ? { generation } : {}),
      [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + HINT_TTL_SECONDS,
    };
    if (generation === undefined) {
      await this.put(item);
      return;
    }
    await this.put(item, {
      expression: "attribute_not_exists(pk) OR #generation < :g",
      values: { ":g": generation },
      names: { "#generation": "generation" },
    });
  }
}
