import {
  AwsAutomation,
  CloudWatchLogs,
  createAwsClients,
  createAwsPorts,
  DynamoOutcomes,
  RealClock,
  S3Audit,
  S3Reports,
  SnsNotifier,
} from "./index.js";

const config = {
  region: "eu-west-1",
  outcomesTable: "air-outcomes",
  auditBucket: "air-audit",
  notificationTopicArn: "arn:aws:sns:eu-west-1:123456789012:air",
  clientOverrides: { credentials: { accessKeyId: "x", secretAccessKey: "y" } },
};

describe("createAwsPorts", () => {
  it("builds every port of the bundle", () => {
    const ports = createAwsPorts(config);
    expect(Object.keys(ports).sort()).toEqual(
      [
        "alarms",
        "audit",
        "automation",
        "changes",
        "diagnostics",
        "clock",
        "logs",
        "metrics",
        "notifier",
        "outcomes",
        "reports",
        "resources",
      ].sort(),
    );
    expect(ports.automation).toBeInstanceOf(AwsAutomation);
    expect(ports.logs).toBeInstanceOf(CloudWatchLogs);
    expect(ports.notifier).toBeInstanceOf(SnsNotifier);
    expect(ports.audit).toBeInstanceOf(S3Audit);
    expect(ports.outcomes).toBeInstanceOf(DynamoOutcomes);
    expect(ports.reports).toBeInstanceOf(S3Reports);
    expect(ports.clock).toBeInstanceOf(RealClock);
    expect((ports.outcomes as DynamoOutcomes).tableName).toBe("air-outcomes");
  });

  it("configures the standard retry mode with maxAttempts on every client", async () => {
    const clients = createAwsClients({ ...config, maxAttempts: 7 });
    for (const [name, c] of Object.entries(clients)) {
      expect(await c.config.maxAttempts()).toBe(7);
      // IAM's CloudTrail events are recorded in us-east-1 only; every other client is in the Region.
      expect(await c.config.region()).toBe(name === "cloudTrailGlobal" ? "us-east-1" : "eu-west-1");
      expect((await c.config.retryStrategy()).mode).toBe("standard");
    }
    expect(createAwsClients({ ...config, region: "us-east-1" }).cloudTrailGlobal).toBeUndefined();
    expect(await createAwsClients(config).ssm.config.maxAttempts()).toBe(5);
  });

  it("has a real clock", async () => {
    const clock = new RealClock();
    const before = clock.now().getTime();
    await clock.sleep(5);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before + 4);
  });
});
