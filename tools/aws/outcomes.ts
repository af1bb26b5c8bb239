/**
 * OutcomesPort over DynamoDB (one table, string `pk`/`sk`):
 * - outcome: `INCIDENT#<id>` / `OUTCOME#<time>#<action>#<resource>`, also indexed (time-sorted) by resource
 *   in GSI `byResource` (`gsi1pk` = `RESOURCE#<id>`, `gsi1sk` = `<time>#<incident>#<action>`) and by
 *   signature in GSI `bySignature` (`gsi2pk` = `SIGNATURE#<sig>`, `gsi2sk` = `<time>#<incident>#<action>`);
 * - counters: `STATS#<signature>` / `ACTION#<action>` with `successes`/`failures` raised by atomic ADD.
 * Recording is idempotent: the outcome is a conditional put, and the counter moves only when it is new.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { awsCall, isAwsError } from "../aws-shared/errors.js";
import { ensureTable } from "../aws-shared/table.js";
import { OUTCOMES_RESOURCE_INDEX, OUTCOMES_SIGNATURE_INDEX, TABLE_SHAPES } from "../aws-shared/tables.js";
import { type ActionOutcome, ActionOutcomeSchema } from "../domain/index.js";
import type { OutcomesPort } from "../ports.js";

export { OUTCOMES_RESOURCE_INDEX, OUTCOMES_SIGNATURE_INDEX };

function isoTime(t: string): string {
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new Error(`outcome time ${JSON.stringify(t)} is not an ISO-8601 time`);
  return new Date(ms).toISOString();
}

export class DynamoOutcomes implements OutcomesPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async record(outcome: ActionOutcome): Promise<void> {
    const o = ActionOutcomeSchema.parse(outcome);
    const time = isoTime(o.time);
    try {
      await awsCall(this.ctx("dynamodb:PutItem"), () =>
        this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: `INCIDENT#${o.incidentId}`,
              sk: `OUTCOME#${time}#${o.actionId}#${o.resourceId}`,
              gsi1pk: `RESOURCE#${o.resourceId}`,
              gsi1sk: `${time}#${o.incidentId}#${o.actionId}`,
              gsi2pk: `SIGNATURE#${o.signature}`,
              gsi2sk: `${time}#${o.incidentId}#${o.actionId}#${o.resourceId}`,
              ...o,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
    } catch (err) {
      if (isAwsError(err, "ConditionalCheckFailedException")) return; // already recorded
      throw err;
    }
    if (o.result === "pending") return; // a claim, not a result: statistics move when the result is recorded
    const counter = o.result === "success" ? "successes" : "failures";
    await awsCall(this.ctx("dynamodb:UpdateItem"), () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `STATS#${o.signature}`, sk: `ACTION#${o.actionId}` },
          UpdateExpression: "ADD #c :one SET signature = :sig, actionId = :act",
          ExpressionAttributeNames: { "#c": counter },
          ExpressionAttributeValues: { ":one": 1, ":sig": o.signature, ":act": o.actionId },
        }),
      ),
    );
  }

  async stats(signature: string, actionId: string): Promise<{ successes: number; failures: number }> {
    const res = await awsCall(this.ctx("dynamodb:GetItem"), () =>
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: `STATS#${signature}`, sk: `ACTION#${actionId}` },
          ConsistentRead: true,
        }),
      ),
    );
    return { successes: Number(res.Item?.["successes"] ?? 0), failures: Number(res.Item?.["failures"] ?? 0) };
  }

  async recentOnResource(resourceId: string, since: Date): Promise<ActionOutcome[]> {
    return this.query({
      IndexName: OUTCOMES_RESOURCE_INDEX,
      KeyConditionExpression: "gsi1pk = :pk AND gsi1sk >= :since",
      ExpressionAttributeValues: { ":pk": `RESOURCE#${resourceId}`, ":since": since.toISOString() },
    });
  }

  async forIncident(incidentId: string): Promise<ActionOutcome[]> {
    return this.query({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :outcome)",
      ExpressionAttributeValues: { ":pk": `INCIDENT#${incidentId}`, ":outcome": "OUTCOME#" },
      ConsistentRead: true,
    });
  }

  async forSignature(signature: string, limit: number): Promise<ActionOutcome[]> {
    if (limit <= 0) return [];
    return this.query(
      {
        IndexName: OUTCOMES_SIGNATURE_INDEX,
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": `SIGNATURE#${signature}` },
        ScanIndexForward: false,
      },
      limit,
    );
  }

  /** Every page of a query (or the first `max` items). */
  private async query(
    input: {
      IndexName?: string;
      KeyConditionExpression: string;
      ExpressionAttributeValues: Record<string, string>;
      ConsistentRead?: boolean;
      ScanIndexForward?: boolean;
    },
    max = Number.POSITIVE_INFINITY,
  ): Promise<ActionOutcome[]> {
    const out: ActionOutcome[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const Limit = Number.isFinite(max) ? Math.max(1, Math.min(max - out.length, 1000)) : undefined;
      const page = await awsCall(this.ctx("dynamodb:Query"), () =>
        this.doc.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey, Limit })),
      );
      for (const item of page.Items ?? []) {
        const parsed = ActionOutcomeSchema.safeParse(item);
        if (parsed.success && out.length < max) out.push(parsed.data);
      }
      ExclusiveStartKey = out.length < max ? page.LastEvaluatedKey : undefined;
    } while (ExclusiveStartKey);
    return out;
  }

  private ctx(action: string) {
    return { action, resource: `DynamoDB table ${this.tableName} (outcomes)` };
  }
}

/** Creates the outcomes table with its two indexes (local runs and tests; CDK in production). */
export async function createOutcomesTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  return (await ensureTable(client, tableName, TABLE_SHAPES.outcomes)).created;
}
