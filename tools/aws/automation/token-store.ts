/**
 * Idempotency for starts that AWS does not deduplicate (Run Command, control-plane API calls): a
 * conditional put claims the client token in DynamoDB before the call, and the execution id is recorded
 * after it. A second start with the token finds the first execution instead of calling AWS again.
 */
import { createHash } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { awsCall, isAwsError } from "../../aws-shared/errors.js";
import { ensureTable } from "../../aws-shared/table.js";
import { TABLE_SHAPES } from "../../aws-shared/tables.js";

export interface TokenRecord {
  token: string;
  actionId: string;
  /** Hash of the request: the same token with a different request is refused. */
  requestHash: string;
  state: "claimed" | "started" | "rejected";
  claimedAt: string;
  executionId?: string;
  /** Why a rejected start was refused. */
  output?: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; record: TokenRecord };

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, stable(v)]),
    );
  }
  return value;
}

/** Hash of what a request asks for (action, executor, parameters), independent of key order. */
export function requestHash(request: { actionId: string; executor: unknown; parameters: unknown }): string {
  const body = JSON.stringify(stable({ a: request.actionId, e: request.executor, p: request.parameters }));
  return createHash("sha256").update(body).digest("hex");
}

export interface TokenStoreOptions {
  /** Days a token is kept (TTL). Default 30. */
  ttlDays?: number;
}

export class TokenStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly options: TokenStoreOptions = {},
  ) {}

  /** Claims the token for one start, or returns who holds it. */
  async claim(token: string, actionId: string, hash: string, now: Date): Promise<ClaimResult> {
    const record: TokenRecord = {
      token,
      actionId,
      requestHash: hash,
      state: "claimed",
      claimedAt: now.toISOString(),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await awsCall(this.ctx("dynamodb:PutItem"), () =>
          this.doc.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { ...this.key(token), ...record, ttl: this.ttl(now) },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          ),
        );
        return { claimed: true };
      } catch (err) {
        if (!isAwsError(err, "ConditionalCheckFailedException")) throw err;
      }
      const existing = await this.get(token);
      if (existing) return { claimed: false, record: existing };
      // Released between our put and our read: try to claim again.
    }
    throw new Error(`idempotency token ${token} kept changing hands; retry the start`);
  }

  /** Records the execution the claim started. */
  async complete(
    token: string,
    executionId: string,
    state: "started" | "rejected" = "started",
    output?: string,
  ) {
    await awsCall(this.ctx("dynamodb:UpdateItem"), () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(token),
          UpdateExpression: `SET #s = :s, executionId = :e${output !== undefined ? ", #o = :o" : ""}`,
          ExpressionAttributeNames: { "#s": "state", ...(output !== undefined ? { "#o": "output" } : {}) },
          ExpressionAttributeValues: {
            ":s": state,
            ":e": executionId,
            ...(output !== undefined ? { ":o": output } : {}),
          },
        }),
      ),
    );
  }

  /** Gives a claim back after a start that failed transiently, so a retry may start it. */
  async release(token: string): Promise<void> {
    try {
      await awsCall(this.ctx("dynamodb:DeleteItem"), () =>
        this.doc.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: this.key(token),
            ConditionExpression: "#s = :claimed",
            ExpressionAttributeNames: { "#s": "state" },
            ExpressionAttributeValues: { ":claimed": "claimed" },
          }),
        ),
      );
    } catch (err) {
      if (!isAwsError(err, "ConditionalCheckFailedException")) throw err;
    }
  }

  async get(token: string): Promise<TokenRecord | undefined> {
    const res = await awsCall(this.ctx("dynamodb:GetItem"), () =>
      this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: this.key(token), ConsistentRead: true }),
      ),
    );
    if (!res.Item) return undefined;
    const { pk: _pk, sk: _sk, ttl: _ttl, ...record } = res.Item;
    return record as TokenRecord;
  }

  private key(token: string) {
    return { pk: `TOKEN#${token.toLowerCase()}`, sk: "TOKEN" };
  }

  private ttl(now: Date): number {
    return Math.floor(now.getTime() / 1000) + (this.options.ttlDays ?? 30) * 86_400;
  }

  private ctx(action: string) {
    return { action, resource: `DynamoDB table ${this.tableName} (automation tokens)` };
  }
}

/** Creates the token table (pk/sk, TTL on `ttl`) for local runs and tests. */
export async function createAutomationTokenTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<boolean> {
  return (await ensureTable(client, tableName, TABLE_SHAPES.automationTokens)).created;
}
