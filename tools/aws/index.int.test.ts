/** createAwsPorts wired to dynalite and s3rver: the stores it builds work end to end. */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { firstBrokenLink } from "../local/hash-chain.js";
import {
  type LocalServer,
  localAwsClientConfig,
  startLocalDynamo,
  startLocalS3,
} from "../local-aws/servers.js";
import { createAwsClients, createAwsPorts, createOutcomesTable } from "./index.js";

let dynamo: LocalServer;
let s3: LocalServer;

beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startLocalDynamo(), startLocalS3({ buckets: ["air-audit"] })]);
});
afterAll(async () => {
  await Promise.all([dynamo?.stop(), s3?.stop()]);
});

it("records outcomes, appends audit records and writes reports through the factory", async () => {
  const base = {
    region: "us-east-1",
    outcomesTable: "air",
    auditBucket: "air-audit",
    notificationTopicArn: "arn:aws:sns:us-east-1:1:t",
  };
  const dynamoClients = createAwsClients({ ...base, clientOverrides: localAwsClientConfig(dynamo.endpoint) });
  const s3Clients = createAwsClients({ ...base, clientOverrides: localAwsClientConfig(s3.endpoint) });
  await createOutcomesTable(dynamoClients.dynamo as DynamoDBClient, "air");
  const ports = createAwsPorts(base, { ...dynamoClients, s3: s3Clients.s3 });

  await ports.outcomes.record({
    incidentId: "inc-9",
    signature: "disk|CWAgent/disk_used_percent",
    actionId: "ec2-cleanup-rotated-logs",
    resourceId: "i-0abc12345678",
    time: "2026-03-01T12:00:00.000Z",
    result: "success",
  });
  expect(await ports.outcomes.stats("disk|CWAgent/disk_used_percent", "ec2-cleanup-rotated-logs")).toEqual({
    successes: 1,
    failures: 0,
  });

  await ports.audit.append({
    incidentId: "inc-9",
    time: "2026-03-01T12:00:00.000Z",
    actor: "graph",
    kind: "opened",
    summary: "opened",
  });
  await ports.audit.append({
    incidentId: "inc-9",
    time: "2026-03-01T12:01:00.000Z",
    actor: "graph",
    kind: "executed",
    summary: "ran",
  });
  expect(firstBrokenLink(await ports.audit.list("inc-9"))).toBe(-1);

  expect(await ports.reports.write("inc-9", "# report")).toBe("s3://air-audit/reports/inc-9.md");
});
