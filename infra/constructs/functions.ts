/**
 * The four Lambda functions: Node 22 on arm64, bundled by local esbuild (`infra/bundling.ts`), JSON logs
 * with Powertools settings, one role and one log group each. Roles start empty; `data-access.ts`,
 * `worker-permissions.ts` and `ssm-roles.ts` add exactly what each function needs.
 */
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { BUNDLED_KNOWLEDGE_DIR, nodejsBundling } from "../bundling.js";
import type { ResponderConfig } from "../config.js";
import { type EntryPaths, LAMBDA_ENTRIES, type LambdaName, REPO_ROOT } from "../lambda-entries.js";
import { ENV, ENV_READERS, powertoolsEnv } from "../runtime-contract.js";
import { ACCESS, accessStatements, type DataResources, resourceEnvironment } from "./data-access.js";
import type { Queues } from "./queues.js";
import { capitalise } from "./storage.js";

/** Metadata key on each function's CloudFormation resource: its source entry, relative to the repo root. */
export const ENTRY_METADATA_KEY = "air:entry";

interface Sizing {
  memoryMb: number;
  timeout: Duration;
}

function sizing(name: LambdaName, config: ResponderConfig): Sizing {
  switch (name) {
    case "worker":
      return { memoryMb: config.workerMemoryMb, timeout: Duration.minutes(config.workerTimeoutMinutes) };
    case "intake":
      return { memoryMb: 512, timeout: Duration.seconds(30) };
    case "approval":
      return { memoryMb: 512, timeout: Duration.seconds(15) };
    case "sweeper":
      return { memoryMb: 256, timeout: Duration.seconds(60) };
  }
}

export interface FunctionsProps {
  config: ResponderConfig;
  entries: EntryPaths;
  data: DataResources;
  queues: Queues;
}

export class Functions extends Construct {
  readonly functions: Record<LambdaName, NodejsFunction>;
  readonly roles: Record<LambdaName, iam.Role>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { config, data, queues } = props;
    const functions = {} as Record<LambdaName, NodejsFunction>;
    const roles = {} as Record<LambdaName, iam.Role>;

    for (const spec of LAMBDA_ENTRIES) {
      const Name = capitalise(spec.name);
      const logGroup = new logs.LogGroup(this, `${Name}Logs`, {
        retention: config.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // A role of our own instead of AWSLambdaBasicExecutionRole: logs only to this function's group.
      const role = new iam.Role(this, `${Name}Role`, {
        assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
        description: `air ${spec.name}: ${spec.description}`,
      });
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: "OwnLogGroup",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [logGroup.logGroupArn],
        }),
      );
      const access = ACCESS[spec.name];
      for (const statement of accessStatements(access, data)) role.addToPolicy(statement);

      const { memoryMb, timeout } = sizing(spec.name, config);
      const fn = new NodejsFunction(this, `${Name}Function`, {
        entry: props.entries[spec.name],
        handler: spec.handler,
        description: `air ${spec.name}: ${spec.description}`,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: memoryMb,
        timeout,
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        applicationLogLevelV2: lambda.ApplicationLogLevel[config.logLevel],
        systemLogLevelV2: lambda.SystemLogLevel.WARN,
        tracing: config.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
        projectRoot: REPO_ROOT,
        depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
        bundling: nodejsBundling(),
        environment: {
          ...powertoolsEnv(config.logLevel),
          ...((ENV_READERS.knowledgeDir as readonly string[]).includes(spec.name)
            ? { [ENV.knowledgeDir]: BUNDLED_KNOWLEDGE_DIR }
            : {}),
          ...resourceEnvironment(access, data),
        },
        ...(spec.name === "intake"
          ? { deadLetterQueue: queues.intakeDlq, retryAttempts: 2, maxEventAge: Duration.hours(6) }
          : {}),
        // The approval URL is public: bound what a request flood can run (and cost).
        ...(spec.name === "approval" && config.approvalReservedConcurrency > 0
          ? { reservedConcurrentExecutions: config.approvalReservedConcurrency }
          : {}),
      });
      (fn.node.defaultChild as lambda.CfnFunction).addMetadata(ENTRY_METADATA_KEY, spec.entry);
      Validations.of(fn).acknowledge({
        id: "AwsSolutions-L1",
        reason:
          "Node.js 22 is the runtime the project targets and tests (DESIGN.md); move to nodejs24.x together " +
          "with the test suite",
      });
      functions[spec.name] = fn;
      roles[spec.name] = role;
    }

    // One message at a time: a long graph run for one incident never holds up another incident's command.
    functions.worker.addEventSource(
      new SqsEventSource(queues.runQueue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: config.workerMaxConcurrency,
      }),
    );
    this.functions = functions;
    this.roles = roles;
  }
}
