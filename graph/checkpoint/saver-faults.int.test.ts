/**
 * The SDK fault layer against dynalite: faults land inside the SDK's retry loop, the SDK retries them as
 * it would AWS's, the checkpoint saver survives them intact — and a timeout after a conditional write went
 * through shows why a retried non-idempotent write needs its own idempotency handling.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { emptyCheckpoint } from "@langchain/langgraph-checkpoint";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultSchedule } from "../../tools/faults/schedule.js";
import { injectSdkFaults } from "../../tools/faults/sdk-faults.js";
import { type LocalServer, localAwsClientConfig, startLocalDynamo } from "../../tools/local-aws/servers.js";
import { createCheckpointTable, DynamoDBSaver } from "./index.js";

let dynamo: LocalServer;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
  const setup = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
  await createCheckpointTable(setup, "faults-checkpoints");
  setup.destroy();
});
afterAll(async () => {
  await dynamo.stop();
});

function faultyClient(schedule: FaultSchedule, attempts = 6) {
  const client = new DynamoDBClient({
    ...localAwsClientConfig(dynamo.endpoint),
    retryStrategy: new ConfiguredRetryStrategy(attempts, 1),
  });
  injectSdkFaults(client, schedule);
  return client;
}

describe("SDK fault layer", () => {
  it("a throttle that never ends is retried by the SDK, then surfaces with its attempt count", async () => {
    const schedule = new FaultSchedule(1, { throttling: 1 });
    const client = faultyClient(schedule, 3);
    const put = client.send(
      new PutItemCommand({ TableName: "faults-checkpoints", Item: { pk: { S: "a" }, sk: { S: "b" } } }),
    );
    await expect(put).rejects.toMatchObject({ name: "ThrottlingException", $metadata: { attempts: 3 } });
    expect(schedule.injected.throttling).toBe(3);
    client.destroy();
  });

  it("the checkpoint saver comes through throttling, 5xx, timeouts and partial batches intact", async () => {
    const schedule = new FaultSchedule(42, {
      throttling: 0.08,
      "server-error": 0.04,
      "timeout-before-send": 0.02,
      "timeout-after-send": 0.02,
      "partial-batch": 0.5,
    });
    const client = faultyClient(schedule);
    const saver = new DynamoDBSaver({ client, tableName: "faults-checkpoints" });
    for (let step = 0; step < 6; step++) {
      const cp = emptyCheckpoint();
      cp.channel_values = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`ch${i}`, `v${step}-${i}`]),
      );
      cp.channel_versions = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`ch${i}`, step + 1]));
      const config = await saver.put(
        { configurable: { thread_id: "t-faults", checkpoint_ns: "" } },
        cp,
        { source: "loop", step, parents: {} },
        cp.channel_versions,
      );
      const writes = Array.from({ length: 30 }, (_, i) => [`ch${i}`, `w${step}-${i}`] as [string, unknown]);
      await saver.putWrites(config, writes, `task-${step}`);
      const tuple = await saver.getTuple(config);
      expect(tuple?.checkpoint.channel_values).toEqual(cp.channel_values);
      expect(tuple?.pendingWrites).toHaveLength(30);
    }
    expect(schedule.injected["partial-batch"]).toBeGreaterThan(2);
    expect(schedule.total).toBeGreaterThan(8);
    client.destroy();
  });

  it("a timeout after a conditional create went through: the SDK's retry fails the condition on our own write", async () => {
    const schedule = new FaultSchedule(3, { "timeout-after-send": 1 });
    const draw = schedule.draw.bind(schedule);
    schedule.draw = (applicable) => {
      const fault = draw(applicable);
      schedule.enabled = false; // only the first attempt times out
      return fault;
    };
    const client = faultyClient(schedule, 2);
    const put = client.send(
      new PutItemCommand({
        TableName: "faults-checkpoints",
        Item: { pk: { S: "once" }, sk: { S: "x" } },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    // First attempt wrote the item and "timed out"; the retry's condition fails — a caller that took this
    // as "someone else won" would be wrong. The audit store and intake re-read and compare instead.
    await expect(put).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    schedule.enabled = false;
    const got = await client.send(
      new GetItemCommand({ TableName: "faults-checkpoints", Key: { pk: { S: "once" }, sk: { S: "x" } } }),
    );
    expect(got.Item).toBeDefined();
    client.destroy();
  });
});
