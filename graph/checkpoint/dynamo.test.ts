import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { batchGet, batchWrite, type DynamoIo, type WriteRequest } from "./dynamo.js";
import { CheckpointCredentialsError, CheckpointTableNotFoundError, toCheckpointError } from "./errors.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
const docMock = mockClient(DynamoDBDocumentClient);
afterEach(() => docMock.reset());

const io = (overrides: Partial<DynamoIo> = {}): DynamoIo => ({
  doc,
  tableName: "tbl",
  maxBatchRetries: 3,
  retryBaseMs: 1,
  concurrency: 2,
  fail: async (err) => {
    throw err;
  },
  ...overrides,
});

const put = (i: number): WriteRequest => ({ PutRequest: { Item: { pk: "p", sk: `s${i}` } } });

describe("batchWrite", () => {
  it("chunks by 25 and retries UnprocessedItems until they are written", async () => {
    const sent: number[] = [];
    let throttled = 2;
    docMock.on(BatchWriteCommand).callsFake((input) => {
      const reqs = input.RequestItems.tbl as WriteRequest[];
      sent.push(reqs.length);
      if (reqs.length === 10 && throttled-- > 0) {
        return { UnprocessedItems: { tbl: reqs.slice(0, 4) } };
      }
      if (reqs.length === 4 && throttled-- > 0) return { UnprocessedItems: { tbl: reqs } };
      return {};
    });
    await batchWrite(
      io(),
      Array.from({ length: 60 }, (_, i) => put(i)),
    );
    expect(sent.filter((n) => n === 25)).toHaveLength(2);
    expect(sent).toContain(10);
    expect(sent.filter((n) => n === 4)).toHaveLength(2); // first retry throttled again, second succeeds
  });

  it("collapses duplicate keys (last one wins) so DynamoDB doesn't reject the batch", async () => {
    docMock.on(BatchWriteCommand).resolves({});
    await batchWrite(io(), [
      { PutRequest: { Item: { pk: "p", sk: "a", v: 1 } } },
      { PutRequest: { Item: { pk: "p", sk: "a", v: 2 } } },
    ]);
    const calls = docMock.commandCalls(BatchWriteCommand);
    expect(calls[0]?.args[0].input.RequestItems?.tbl).toEqual([
      { PutRequest: { Item: { pk: "p", sk: "a", v: 2 } } },
    ]);
  });

  it("gives up after maxBatchRetries", async () => {
    docMock.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    await expect(batchWrite(io(), [put(1)])).rejects.toThrow(/1 unprocessed items after 3 retries/);
    expect(docMock.commandCalls(BatchWriteCommand)).toHaveLength(4);
  });
});

describe("batchGet", () => {
  it("chunks by 100 and retries UnprocessedKeys", async () => {
    let first = true;
    docMock.on(BatchGetCommand).callsFake((input) => {
      const keys = input.RequestItems.tbl.Keys as { pk: string; sk: string }[];
      if (first && keys.length === 100) {
        first = false;
        return { Responses: { tbl: keys.slice(0, 60) }, UnprocessedKeys: { tbl: { Keys: keys.slice(60) } } };
      }
      return { Responses: { tbl: keys } };
    });
    const keys = Array.from({ length: 150 }, (_, i) => ({ pk: "p", sk: `s${i}` }));
    const found = await batchGet(io(), keys, { consistentRead: true });
    expect(found.size).toBe(150);
    const sizes = docMock
      .commandCalls(BatchGetCommand)
      .map((c) => c.args[0].input.RequestItems?.tbl?.Keys?.length);
    expect(sizes.sort()).toEqual([100, 40, 50].sort());
  });
});

describe("toCheckpointError", () => {
  const ctx = { service: "DynamoDB" as const, resource: "tbl", region: async () => "eu-west-1" };
  const awsError = (name: string) => Object.assign(new Error("x"), { name });

  it("names the table and region when the table is missing", async () => {
    const err = await toCheckpointError(awsError("ResourceNotFoundException"), ctx);
    expect(err).toBeInstanceOf(CheckpointTableNotFoundError);
    expect(String(err)).toContain("DynamoDB table tbl not found in region eu-west-1");
  });

  it("explains credential problems", async () => {
    for (const name of ["CredentialsProviderError", "UnrecognizedClientException", "ExpiredTokenException"]) {
      const err = await toCheckpointError(awsError(name), ctx);
      expect(err).toBeInstanceOf(CheckpointCredentialsError);
      expect(String(err)).toMatch(/credentials were missing or rejected .* DynamoDB tbl in region eu-west-1/);
    }
  });

  it("passes other errors through", async () => {
    const original = awsError("ProvisionedThroughputExceededException");
    expect(await toCheckpointError(original, ctx)).toBe(original);
  });
});
