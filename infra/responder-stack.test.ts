import { Match } from "aws-cdk-lib/assertions";
import { ALARM_STATE_CHANGE } from "./constructs/alarm-intake.js";
import { ENTRY_METADATA_KEY } from "./constructs/functions.js";
import { RUN_MAX_RECEIVE_COUNT } from "./constructs/queues.js";
import { TABLES } from "./constructs/storage.js";
import { LAMBDA_ENTRIES } from "./lambda-entries.js";
import { ENV, ENV_READERS, METRIC, METRICS_NAMESPACE } from "./runtime-contract.js";
import { resourcesOfType, synthStack } from "./test-support.js";

const { template, stack } = synthStack({ bundle: false });
const envOf = (fn: { Properties?: Record<string, unknown> }) =>
  (fn.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {};
const ref = (construct: { node: { defaultChild?: unknown } }) => ({
  Ref: stack.getLogicalId(construct.node.defaultChild as never),
});
const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({
  "Fn::GetAtt": [stack.getLogicalId(construct.node.defaultChild as never), "Arn"],
});

describe("alarm intake", () => {
  it("matches every alarm going to ALARM or OK, except the responder's own", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.cloudwatch"],
        "detail-type": [ALARM_STATE_CHANGE],
        detail: {
          state: { value: ["ALARM", "OK"] },
          alarmName: [{ "anything-but": { prefix: "air-self-" } }],
        },
      },
    });
  });

  it("narrows to configured alarm name prefixes", () => {
    const narrowed = synthStack({ bundle: false, context: { "air:alarmNamePrefixes": "prod-,payments-" } });
    narrowed.template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: Match.objectLike({
        detail: {
          state: { value: ["ALARM", "OK"] },
          alarmName: [{ prefix: "prod-" }, { prefix: "payments-" }],
        },
      }),
    });
  });

  it("retries delivery and dead-letters what it cannot deliver", () => {
    const { intakeDlq } = stack.queues;
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: Match.objectLike({ source: ["aws.cloudwatch"] }),
      Targets: [
        Match.objectLike({
          Arn: arnOf(stack.functions.functions.intake),
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: arnOf(intakeDlq) },
        }),
      ],
    });
    // Failures inside intake (async invocation) land in the same queue after two retries.
    template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "index.handler",
      DeadLetterConfig: { TargetArn: arnOf(intakeDlq) },
    });
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: ref(stack.functions.functions.intake),
      MaximumRetryAttempts: 2,
    });
    // EventBridge may write to the DLQ only for this rule.
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: "sqs:SendMessage",
            Principal: { Service: "events.amazonaws.com" },
            Condition: { ArnEquals: { "aws:SourceArn": Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it("subscribes intake to the alarm-actions topic", () => {
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "lambda",
      Endpoint: arnOf(stack.functions.functions.intake),
    });
  });
});

describe("work queue", () => {
  it("is FIFO with content-based dedup and a FIFO dead-letter queue", () => {
    const { runQueue, runDlq } = stack.queues;
    template.hasResourceProperties("AWS::SQS::Queue", {
      FifoQueue: true,
      ContentBasedDeduplication: true,
      DeduplicationScope: "messageGroup",
      FifoThroughputLimit: "perMessageGroupId",
      VisibilityTimeout: 6 * 5 * 60,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(runDlq), maxReceiveCount: RUN_MAX_RECEIVE_COUNT },
    });
    expect(
      resourcesOfType(template, "AWS::SQS::Queue").find(
        ([id]) => id === stack.getLogicalId(runDlq.node.defaultChild as never),
      )?.[1].Properties,
    ).toMatchObject({ FifoQueue: true });
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: arnOf(runQueue),
      FunctionName: ref(stack.functions.functions.worker),
      BatchSize: 1,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it("hides a command longer than the worker can run (visibility timeout > worker timeout)", () => {
    const queue = resourcesOfType(template, "AWS::SQS::Queue").find(
      ([id]) => id === stack.getLogicalId(stack.queues.runQueue.node.defaultChild as never),
    )?.[1].Properties as { VisibilityTimeout: number };
    const worker = resourcesOfType(template, "AWS::Lambda::Function").find(
      ([id]) => id === stack.getLogicalId(stack.functions.functions.worker.node.defaultChild as never),
    )?.[1].Properties as { Timeout: number };
    expect(queue.VisibilityTimeout).toBeGreaterThan(worker.Timeout);
  });

  it("wakes incidents with one-time schedules to the work queue, sent by a role that can only do that", () => {
    template.resourceCountIs("AWS::Scheduler::ScheduleGroup", 1);
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: "scheduler.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
          }),
        ],
      },
    });
    const worker = stack.functions.functions.worker.node.defaultChild as never;
    const fn = resourcesOfType(template, "AWS::Lambda::Function").find(
      ([id]) => id === stack.getLogicalId(worker),
    );
    const env =
      (fn?.[1].Properties as { Environment: { Variables: Record<string, unknown> } } | undefined)?.Environment
        .Variables ?? {};
    expect(env[ENV.wakeupGroup]).toBeDefined();
    expect(env[ENV.wakeupRoleArn]).toEqual(arnOf(stack.wakeups.schedulerRole));
    expect(env[ENV.workQueueArn]).toEqual(arnOf(stack.queues.runQueue));
  });

  it("refuses plain-HTTP access to every queue", () => {
    const policies = resourcesOfType(template, "AWS::SQS::QueuePolicy");
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe("tables", () => {
  it.each(Object.entries(TABLES))(
    "%s: on demand, TTL, PITR, deletion protection, KMS, retained",
    (name, spec) => {
      const table = stack.storage.tables[name as keyof typeof TABLES];
      const resource = template.toJSON().Resources[stack.getLogicalId(table.node.defaultChild as never)];
      expect(resource).toMatchObject({
        Type: "AWS::DynamoDB::Table",
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: {
          BillingMode: "PAY_PER_REQUEST",
          TimeToLiveSpecification: { AttributeName: spec.ttl, Enabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
          KeySchema: [
            { AttributeName: spec.partitionKey, KeyType: "HASH" },
            ...(spec.sortKey ? [{ AttributeName: spec.sortKey, KeyType: "RANGE" }] : []),
          ],
        },
      });
    },
  );
});

describe("buckets", () => {
  const bucket = (name: keyof typeof stack.storage.buckets) =>
    template.toJSON().Resources[stack.getLogicalId(stack.storage.buckets[name].node.defaultChild as never)];

  it("audit: Object Lock in governance mode for 365 days, versioned, retained", () => {
    expect(bucket("audit")).toMatchObject({
      DeletionPolicy: "Retain",
      Properties: {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: "Enabled",
          Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 365 } },
        },
        VersioningConfiguration: { Status: "Enabled" },
      },
    });
  });

  it("audit retention is configurable, including compliance mode", () => {
    const custom = synthStack({
      bundle: false,
      context: { "air:auditRetentionDays": "2555", "air:auditRetentionMode": "COMPLIANCE" },
    });
    custom.template.hasResourceProperties("AWS::S3::Bucket", {
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 2555 } },
      },
    });
  });

  it.each(["audit", "reports", "knowledge", "offload"] as const)(
    "%s: KMS, no public access, TLS only, logged",
    (name) => {
      expect(bucket(name).Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { LogFilePrefix: `${name}/` },
      });
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: ref(stack.storage.buckets[name]),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    },
  );

  it("offloaded checkpoints expire", () => {
    expect(bucket("offload").Properties).toMatchObject({
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ ExpirationInDays: 30, Status: "Enabled" })],
      },
    });
  });
});

describe("functions", () => {
  const functions = resourcesOfType(template, "AWS::Lambda::Function");

  it("are the four entries, Node 22 on arm64, JSON logs, Powertools settings", () => {
    expect(functions.map(([, f]) => f.Metadata?.[ENTRY_METADATA_KEY]).sort()).toEqual(
      LAMBDA_ENTRIES.map((e) => e.entry).sort(),
    );
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        LoggingConfig: { LogFormat: "JSON" },
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: "air",
            POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
            NODE_OPTIONS: "--enable-source-maps",
            [ENV.checkpointTable]: expect.anything(),
            [ENV.workQueueUrl]: expect.anything(),
          },
        },
      });
    }
  });

  it("hand the functions that build the graph the gate policy IAM was built from", () => {
    const custom = synthStack({
      bundle: false,
      context: {
        "air:enabledActions": "ecs-rollback-service",
        "air:approvers": "alice,bob",
        "air:gatePolicy": '{"killSwitch":true}',
      },
    });
    const readers = resourcesOfType(custom.template, "AWS::Lambda::Function").filter(
      ([, fn]) => ENV.gatePolicy in envOf(fn),
    );
    expect(readers).toHaveLength(ENV_READERS.gatePolicy.length);
    for (const [, fn] of readers) {
      const env = envOf(fn);
      expect(JSON.parse(env[ENV.gatePolicy] ?? "{}")).toEqual({
        killSwitch: true,
        enabledActions: ["ecs-rollback-service"],
        approvers: ["alice", "bob"],
      });
    }
  });

  it("name the knowledge bucket and the model to the worker only", () => {
    for (const [, fn] of resourcesOfType(template, "AWS::Lambda::Function")) {
      const env = envOf(fn);
      const isWorker = fn.Metadata?.[ENTRY_METADATA_KEY] === "handlers/lambda/worker.ts";
      expect(ENV.knowledgeBucket in env).toBe(isWorker);
      expect(ENV.bedrockModelId in env).toBe(isWorker);
      expect(ENV.automationRoles in env).toBe(isWorker);
    }
  });

  it("only the approval function has URLs: the public one (NONE, signed token) and the console's (AWS_IAM)", () => {
    const urls = resourcesOfType(template, "AWS::Lambda::Url").map(([, r]) => r.Properties);
    expect(urls).toHaveLength(2);
    expect(urls).toContainEqual(
      expect.objectContaining({
        AuthType: "NONE",
        TargetFunctionArn: arnOf(stack.functions.functions.approval),
      }),
    );
    const iamUrl = urls.find((p) => p?.AuthType === "AWS_IAM");
    expect(JSON.stringify(iamUrl?.TargetFunctionArn)).toContain("ApprovalFunction");
    expect(iamUrl?.Qualifier).toBe("console");
  });

  it("the sweeper runs on a schedule", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      Targets: [Match.objectLike({ Arn: arnOf(stack.functions.functions.sweeper) })],
    });
  });
});

describe("SSM Automation roles", () => {
  it("trust only SSM acting for this account's automation executions", () => {
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: "sts:AssumeRole",
            Effect: "Allow",
            Principal: { Service: "ssm.amazonaws.com" },
            Condition: {
              StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
              ArnLike: { "aws:SourceArn": Match.anyValue() },
            },
          },
        ],
      },
    });
  });

  it("can be passed by the worker to SSM only", () => {
    const role = stack.ssmRoles.roles["AWS-RestartEC2Instance"];
    expect(role).toBeDefined();
    template.hasResourceProperties("AWS::IAM::ManagedPolicy", {
      Roles: [ref(stack.functions.roles.worker)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: "PassAutomationRoles",
            Effect: "Allow",
            Action: "iam:PassRole",
            // One role per enabled runbook (AWS-ExtendEbsVolume and AWS-RebootRdsInstance as well).
            Resource: Match.arrayWith([arnOf(role as never)]),
            Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
          },
        ]),
      },
    });
  });

  it("are not created for disabled actions", () => {
    const narrow = synthStack({ bundle: false, context: { "air:enabledActions": "ecs-rollback-service" } });
    expect(Object.keys(narrow.stack.ssmRoles.roles)).toEqual([]);
    // The only role left to pass is the wake-up scheduler's, and only to EventBridge Scheduler.
    const template = JSON.stringify(narrow.template.toJSON());
    expect(template).not.toContain('"iam:PassedToService":"ssm.amazonaws.com"');
    expect(template.match(/"iam:PassRole"/g)).toHaveLength(1);
  });
});

describe("observability", () => {
  it("alarms on errors, DLQ depth, stalls, stuck approvals and slow runs, all named with the self prefix", () => {
    const alarms = resourcesOfType(template, "AWS::CloudWatch::Alarm");
    const names = alarms.map(([, a]) => String(a.Properties?.AlarmName));
    expect(names.every((n) => n.startsWith("air-self-"))).toBe(true);
    expect(names).toEqual(
      expect.arrayContaining([
        "air-self-intake-errors",
        "air-self-worker-errors",
        "air-self-approval-errors",
        "air-self-sweeper-errors",
        "air-self-run-dlq-depth",
        "air-self-intake-dlq-depth",
        "air-self-run-queue-stalled",
        "air-self-stuck-approvals",
        "air-self-graph-run-duration",
      ]),
    );
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.graphRunDuration,
      ExtendedStatistic: "p95",
      // 80% of the 5-minute worker timeout: a run cannot last longer than the timeout.
      Threshold: 240_000,
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.stuckApprovals,
      Dimensions: [{ Name: "service", Value: "air" }],
    });
    for (const [, a] of alarms) {
      expect(a.Properties?.AlarmActions).toEqual([ref(stack.approvals.topic)]);
    }
  });

  it("has a dashboard", () => {
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  });

  it("encrypts the notification topics with a key CloudWatch may use", () => {
    template.hasResourceProperties("AWS::SNS::Topic", {
      KmsMasterKeyId: arnOf(stack.approvals.notificationsKey),
    });
  });
});
