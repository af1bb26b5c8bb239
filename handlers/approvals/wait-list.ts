import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";

/** Incidents waiting for a human, so the sweeper can escalate the ones that waited too long. */
export interface ApprovalWaitList {
  add(incidentId: string, since: Date): Promise<void>;
  remove(incidentId: string): Promise<void>;
  waitingSince(before: Date): Promise<{ incidentId: string; since: string }[]>;
}

/** Stored in the approvals table beside the used tokens (`WAIT#<incident>` items). */
export class DynamoApprovalWaitList implements ApprovalWaitList {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** Keeps the first `since` of a wait: a redelivered command re-adding it must not restart the clock. */
  async add(incidentId: string, since: Date) {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: `WAIT#${incidentId}` },
            incidentId: { S: incidentId },
            since: { S: since.toISOString() },
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
    }
  }

  async remove(incidentId: string) {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: { pk: { S: `WAIT#${incidentId}` } } }),
    );
  }

  async waitingSince(before: Date) {
    const found: { incidentId: string; since: string }[] = [];
    let start: Record<string, import("@aws-sdk/client-dynamodb").AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: "begins_with(pk, :wait) AND since < :before",
          ExpressionAttributeValues: { ":wait": { S: "WAIT#" }, ":before": { S: before.toISOString() } },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        found.push({ incidentId: item.incidentId?.S ?? "", since: item.since?.S ?? "" });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }
}
