/** DynamoOutcomes on dynalite: idempotent records, atomic counters, the two time-sorted indexes. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ActionOutcome } from "../domain/index.js";
import { type LocalServer, localAwsClientConfig, startLocalDynamo } from "../local-aws/servers.js";
import { createOutcomesTable, DynamoOutcomes } from "./outcomes.js";

let dynamo: LocalServer;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let table = 0;

async function freshOutcomes(): Promise<DynamoOutcomes> {
  const name = `air-outcomes-${++table}`;
  expect(await createOutcomesTable(client, name)).toBe(true);
  return new DynamoOutcomes(doc, name);
}

const outcome = (over: Partial<ActionOutcome>): ActionOutcome => ({
  incidentId: "inc-1",
  signature: "memory|CWAgent/mem_used_percent",
  actionId: "ec2-restart-instance",
  resourceId: "i-0abc12345678",
  time: "2026-03-01T12:00:00.000Z",
  result: "success",
  ...over,
});

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  client = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
  doc = DynamoDBDocumentClient.from(client);
});
afterAll(async () => {
  doc?.destroy();
  await dynamo?.stop();
});

describe("DynamoOutcomes", () => {
  it("counts successes and failures per signature and action, once per outcome", async () => {
    const outcomes = await freshOutcomes();
    await outcomes.record(outcome({}));
    await outcomes.record(outcome({})); // the same outcome again (a retried worker)
    await outcomes.record(
      outcome({ incidentId: "inc-2", time: "2026-03-01T13:00:00.000Z", result: "failure" }),
    );
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        outcomes.record(outcome({ incidentId: `inc-c${i}`, time: "2026-03-02T00:00:00.000Z" })),
      ),
    );
    expect(await outcomes.stats("memory|CWAgent/mem_used_percent", "ec2-restart-instance")).toEqual({
      successes: 11,
      failures: 1,
    });
    expect(await outcomes.stats("memory|CWAgent/mem_used_percent", "asg-set-desired-capacity")).toEqual({
      successes: 0,
      failures: 0,
    });
    // A second create of the table is a no-op.
    expect(await createOutcomesTable(client, outcomes.tableName)).toBe(false);
  });

  it("lists a resource's recent actions oldest first, from `since`", async () => {
    const outcomes = await freshOutcomes();
    for (const [i, time] of [
      "2026-03-01T10:00:00.000Z",
      "2026-03-01T11:30:00.000Z",
      "2026-03-01T11:45:00.000Z",
    ].entries()) {
      await outcomes.record(outcome({ incidentId: `inc-${i}`, time }));
    }
    await outcomes.record(outcome({ resourceId: "i-0fff12345678", time: "2026-03-01T11:50:00.000Z" }));
    const recent = await outcomes.recentOnResource("i-0abc12345678", new Date("2026-03-01T11:00:00Z"));
    expect(recent.map((o) => [o.incidentId, o.time])).toEqual([
      ["inc-1", "2026-03-01T11:30:00.000Z"],
      ["inc-2", "2026-03-01T11:45:00.000Z"],
    ]);
  });

  it("lists an incident's actions, and a signature's newest outcomes across pages", async () => {
    const outcomes = await freshOutcomes();
    await outcomes.record(
      outcome({ actionId: "ec2-cleanup-rotated-logs", time: "2026-03-01T12:05:00.000Z", result: "failure" }),
    );
    await outcomes.record(outcome({}));
    await outcomes.record(outcome({ incidentId: "inc-other" }));
    expect((await outcomes.forIncident("inc-1")).map((o) => o.actionId)).toEqual([
      "ec2-restart-instance",
      "ec2-cleanup-rotated-logs",
    ]);
    for (let i = 0; i < 30; i++) {
      await outcomes.record(
        outcome({
          incidentId: `inc-s${i}`,
          signature: "errors|AWS/ApplicationELB/5xx",
          time: new Date(Date.UTC(2026, 2, 1, 0, i)).toISOString(),
        }),
      );
    }
    const newest = await outcomes.forSignature("errors|AWS/ApplicationELB/5xx", 5);
    expect(newest.map((o) => o.incidentId)).toEqual(["inc-s29", "inc-s28", "inc-s27", "inc-s26", "inc-s25"]);
    expect(await outcomes.forSignature("errors|AWS/ApplicationELB/5xx", 100)).toHaveLength(30);
    expect(await outcomes.forSignature("none", 5)).toEqual([]);
  });

  it("explains a missing table", async () => {
    await expect(new DynamoOutcomes(doc, "no-such-table").forIncident("inc-1")).rejects.toThrow(
      /DynamoDB table no-such-table \(outcomes\) was not found \(calling dynamodb:Query\)/,
    );
  });
});
