/**
 * Intake under a lost answer: the conditional write that opens the incident goes through, its response
 * times out, and the SDK's retry fails the condition on that very write. Intake must still hand out the
 * incident's run start (before the fix it took its own incident for another delivery's and queued nothing:
 * the incident was opened and never investigated).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FaultSchedule } from "../../../tools/faults/schedule.js";
import { injectSdkFaults } from "../../../tools/faults/sdk-faults.js";
import {
  type LocalServer,
  localAwsClientConfig,
  startLocalDynamo,
} from "../../../tools/local-aws/servers.js";
import { loadFixture } from "../fixtures/load.js";
import { processIntake } from "../intake.js";
import { IncidentStore } from "./incident-store.js";
import { createIncidentTable } from "./table.js";

let dynamo: LocalServer;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.stop();
});

it("a create whose answer was lost still starts exactly one run", async () => {
  const schedule = new FaultSchedule(1, { "timeout-after-send": 1 });
  schedule.enabled = false;
  const client = new DynamoDBClient({
    ...localAwsClientConfig(dynamo.endpoint),
    retryStrategy: new ConfiguredRetryStrategy(3, 1),
  });
  await createIncidentTable(client, "incidents-lost-answer");
  const store = new IncidentStore({ client, tableName: "incidents-lost-answer" });
  // Only the conditional PutItem that opens the incident loses its answer (once).
  const draw = schedule.draw.bind(schedule);
  let lost = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ConditionExpression?: string };
      schedule.enabled =
        lost === 0 &&
        context.commandName === "PutItemCommand" &&
        input.ConditionExpression === "attribute_not_exists(pk)";
      return next(args);
    },
    { step: "initialize", name: "pickTheCreate" },
  );
  schedule.draw = (applicable) => {
    const fault = draw(applicable);
    if (fault) lost += 1;
    schedule.enabled = false;
    return fault;
  };
  injectSdkFaults(client, schedule);
  const event = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json");
  const result = await processIntake(event, { store });
  expect(lost).toBe(1);
  expect(result.ok).toBe(true);
  const decisions = result.ok ? result.decisions : [];
  expect(decisions.filter((d) => d.startRun)).toHaveLength(1);
  // A true redelivery afterwards is still a duplicate with no second start.
  const again = await processIntake(event, { store });
  expect(again.ok && again.decisions.filter((d) => d.startRun)).toHaveLength(0);
  client.destroy();
});
