import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { SlackThreadStore } from "./client.js";

/** Each incident's Slack thread, beside the used tokens in the approvals table (`SLACK#<incident>` items). */
export class DynamoSlackThreads implements SlackThreadStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(incidentId: string) {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: `SLACK#${incidentId}` } } }),
    );
    const channel = Item?.channel?.S;
    const ts = Item?.ts?.S;
    return channel && ts ? { channel, ts } : undefined;
  }

  async put(incidentId: string, thread: { channel: string; ts: string }) {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: { pk: { S: `SLACK#${incidentId}` }, channel: { S: thread.channel }, ts: { S: thread.ts } },
      }),
    );
  }
}
