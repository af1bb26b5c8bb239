import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { ensureTable } from "../../tools/aws-shared/table.js";
import { TABLE_SHAPES } from "../../tools/aws-shared/tables.js";

/** Remembers used approval tokens so each works once, however many times the link is clicked. */
export interface UsedTokenStore {
  /** True the first time a nonce is consumed, false ever after. */
  consume(nonce: string, expiresAt: number, usedBy: string): Promise<boolean>;
}

/** DynamoDB-backed: a conditional put on the nonce, with TTL so the table stays small. */
export class DynamoUsedTokenStore implements UsedTokenStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async consume(nonce: string, expiresAt: number, usedBy: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: `TOKEN#${nonce}` },
            usedBy: { S: usedBy },
            usedAt: { S: new Date().toISOString() },
            ttl: { N: String(expiresAt + 86_400) },
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/** Creates the approvals table for local use (the production table comes from the CDK stack). */
export async function createApprovalsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await ensureTable(client, tableName, TABLE_SHAPES.approvals);
}

/** In memory: tests and single-process local runs. */
export class MemoryUsedTokenStore implements UsedTokenStore {
  private readonly used = new Set<string>();

  async consume(nonce: string): Promise<boolean> {
    if (this.used.has(nonce)) return false;
    this.used.add(nonce);
    return true;
  }
}
