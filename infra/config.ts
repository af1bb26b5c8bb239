/**
 * The stack's configuration: every knob is a CDK context key (`cdk.json`, or `-c key=value` on the command
 * line) with a safe default, validated here so a typo fails `cdk synth` with a clear message.
 */
import { z } from "zod";
import { ChangeFeedSchema } from "../handlers/lambda/change-feed.js";

/** The catalogue action ids the stack can grant (mirrors `knowledge/actions/catalogue.ts`). */
export const ACTION_IDS = [
  "ec2-restart-instance",
  "ec2-cleanup-rotated-logs",
  "ecs-rollback-service",
  "lambda-rollback-alias",
  "asg-set-desired-capacity",
  "lambda-set-reserved-concurrency",
  "lambda-stop-recursive-loop",
  "lambda-remove-reserved-concurrency",
  "dynamodb-switch-to-on-demand",
  "dynamodb-set-provisioned-capacity",
  "sqs-move-poison-messages",
  "sqs-restore-redrive-policy",
  "sqs-redrive-dead-letter-queue",
  "appconfig-rollback-configuration",
  "ssm-parameter-revert",
  "ecs-force-new-deployment",
  "ecs-set-desired-count",
  "asg-raise-max-size",
  "ebs-extend-volume",
  "rds-reboot-instance",
  "waf-block-ip-set",
  "waf-restore-ip-set",
  "sg-restore-ingress-rule",
  "iam-reattach-role-policy",
  "ec2-isolate-instance",
  "ec2-release-instance",
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/**
 * Actions a deployment grants only when the operator lists them in air:enabledActions: they change access
 * (security groups, IAM, quarantine) and need permissions we would rather not hand out by default.
 * AWSSupport-ContainEC2Instance also needs its role written for the account (see infra/README.md).
 */
export const OPT_IN_ACTION_IDS: readonly ActionId[] = [
  "sg-restore-ingress-rule",
  "iam-reattach-role-policy",
  "ec2-isolate-instance",
  "ec2-release-instance",
];

/**
 * Actions whose executor the live AWS adapter does not implement (`tools/aws/automation/api-calls.ts` would
 * refuse their operation as UnsupportedOperation). The stack refuses to enable them, so a deployment never
 * grants what would only fail. Empty since the AppConfig, WAFv2 and IAM executors landed; kept so an action
 * added to the catalogue before its executor is refused at synth (`infra/live-executors.test.ts`).
 */
export const NO_LIVE_EXECUTOR_ACTION_IDS: readonly ActionId[] = [];

/**
 * Actions whose permissions the stack cannot grant yet: `AWSSupport-ContainEC2Instance` assumes a role that
 * creates security groups, images and an S3 backup of the original configuration, and that role has to be
 * written for the account. Enabling them is refused at synth rather than granted halfway and failing at run
 * time; without them a compromised instance is escalated to security with the evidence.
 */
export const NOT_GRANTED_ACTION_IDS: readonly ActionId[] = ["ec2-isolate-instance", "ec2-release-instance"];

/** Every action a deployment may enable (a live executor, and permissions the stack can grant). */
export const LIVE_ACTION_IDS: readonly ActionId[] = ACTION_IDS.filter(
  (id) => !NO_LIVE_EXECUTOR_ACTION_IDS.includes(id) && !NOT_GRANTED_ACTION_IDS.includes(id),
);

/** CloudWatch Logs retention values the service accepts (days). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653];

const stringList = z.array(z.string().min(1));

export const ResponderConfigSchema = z.object({
  /** Prefix of names people see: the responder's own alarms and its dashboard. */
  resourcePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}$/, "lower-case letters, digits and dashes, 2-21 characters")
    .default("air"),
  /** Only alarms whose names start with one of these reach the responder; empty = every alarm. */
  alarmNamePrefixes: stringList.default([]),
  /** Catalogue actions the responder may run; each gets exactly the IAM permissions it needs. */
  enabledActions: z
    .array(z.enum(ACTION_IDS))
    .superRefine((ids, ctx) => {
      for (const [i, id] of ids.entries()) {
        if (NOT_GRANTED_ACTION_IDS.includes(id)) {
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `${id} runs AWSSupport-ContainEC2Instance, whose automation role this stack does not create yet; remove it (the responder escalates compromised instances instead)`,
          });
          continue;
        }
        if (!NO_LIVE_EXECUTOR_ACTION_IDS.includes(id)) continue;
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `${id} has no live AWS executor yet (its API client is not part of the AWS adapter); remove it`,
        });
      }
    })
    .default(LIVE_ACTION_IDS.filter((id) => !OPT_IN_ACTION_IDS.includes(id))),
  /** Resources must carry this tag (key = value) before any action may change them. */
  targetTagKey: z.string().min(1).default("air:managed"),
  targetTagValue: z.string().min(1).default("true"),
  /**
   * Bedrock model or cross-region inference profile id; `auto` = the default Claude Sonnet through the
   * inference profile of the stack's Region (infra/model-regions.ts); empty = rules mode, no Bedrock access.
   */
  bedrockModelId: z.string().default("auto"),
  /** Fail synth (or the deployment) when the model's inference profile cannot be called from the Region. */
  modelRegionCheck: z.boolean().default(true),
  /** Regions an inference profile routes to; empty = any region, pinned to the profile by condition. */
  bedrockModelRegions: stringList.default([]),
  /** Optional Bedrock Knowledge Base id for runbook retrieval. */
  knowledgeBaseId: z.string().default(""),
  /** Log group name prefixes the worker may read; empty = every log group in the account and Region. */
  logGroupPrefixes: stringList.default([]),
  /** Object Lock default retention on the audit bucket. */
  auditRetentionDays: z.coerce.number().int().min(1).max(36500).default(365),
  auditRetentionMode: z.enum(["GOVERNANCE", "COMPLIANCE"]).default("GOVERNANCE"),
  /** Offloaded checkpoint payloads expire after this many days (the checkpoint items carry their own TTL). */
  offloadExpirationDays: z.coerce.number().int().min(1).default(30),
  /** Retention of the functions' CloudWatch log groups. */
  logRetentionDays: z.coerce
    .number()
    .refine((d) => LOG_RETENTION_DAYS.includes(d), `one of ${LOG_RETENTION_DAYS.join(", ")}`)
    .default(90),
  logLevel: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]).default("INFO"),
  /** The worker runs one graph step batch per invocation; the FIFO visibility timeout is 6x this. */
  workerTimeoutMinutes: z.coerce.number().int().min(1).max(15).default(5),
  workerMemoryMb: z.coerce.number().int().min(512).max(10240).default(1024),
  /** Upper bound on concurrent worker invocations (incidents processed in parallel). */
  workerMaxConcurrency: z.coerce.number().int().min(2).max(1000).default(10),
  /**
   * Reserved concurrency of the public approval function (its URL is open to the internet): caps what a
   * flood of requests can cost and keeps it from starving the worker. 0 = none (e.g. an account whose
   * concurrency quota is still 10: Lambda keeps 10 unreserved, so nothing can be reserved there).
   */
  approvalReservedConcurrency: z.coerce.number().int().min(0).max(1000).default(5),
  /** An approval that waited this long is escalated by the sweeper. */
  approvalTimeoutMinutes: z.coerce.number().int().min(5).default(60),
  sweepIntervalMinutes: z.coerce.number().int().min(1).max(60).default(5),
  /** Who may approve (matched by the approval handler); empty = anyone holding a valid signed link. */
  approvers: stringList.default([]),
  /**
   * The rest of the gate policy (graph/policy/config.ts: killSwitch, table, freezeWindows, rateLimit) as a
   * JSON object; enabledActions and approvers come from the keys above so IAM and the gate agree.
   */
  gatePolicy: z
    .record(z.string(), z.unknown())
    .refine(
      (p) => !("enabledActions" in p) && !("approvers" in p),
      "set air:enabledActions / air:approvers instead",
    )
    .default({}),
  /** Service map for intake normalisation (JSON object), passed to the functions as AIR_SERVICE_MAP. */
  serviceMap: z.record(z.string(), z.unknown()).default({}),
  /**
   * The change feed's scope per service (JSON object, passed to the worker as AIR_CHANGE_FEED): Parameter Store
   * names, other resource ids (security groups, IAM roles) and AppConfig environments (`app-id/env-id`).
   */
  changeFeed: ChangeFeedSchema.default({}),
  /** Email addresses subscribed to approvals, escalations and the responder's own alarms. */
  notificationEmails: stringList.default([]),
  /**
   * Alarm when one graph run takes longer than this (p95 over 15 minutes). Must be below the worker
   * timeout (a run cannot last longer); unset = 80% of it (`graphRunAlarmSeconds`).
   */
  graphRunDurationAlarmSeconds: z.coerce.number().int().min(10).optional(),
  /** Create the SNS topic that alarms can use as an action (delivered to intake besides EventBridge). */
  snsIntake: z.boolean().default(true),
  /** KMS keys of EBS volumes on managed instances (StartInstances needs a grant on them). */
  ebsKmsKeyArns: stringList.default([]),
  /** Optional permissions boundary applied to every role in the stack. */
  permissionsBoundaryArn: z.string().default(""),
  /**
   * OIDC approvers: a Cognito user pool (admin-created users, TOTP MFA) whose ID tokens authenticate people
   * on the approval page as `oidc:<sub>` (put those in `approvers`). Off: the signed link alone authenticates.
   */
  oidcApprovers: z.boolean().default(false),
  /** Hosted UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); empty = no hosted UI. */
  oidcDomainPrefix: z
    .string()
    .regex(/^([a-z0-9](-?[a-z0-9])*)?$/, "lower-case letters, digits and single dashes")
    .refine((p) => !p.includes("cognito") && !p.includes("aws"), "may not contain 'aws' or 'cognito'")
    .default(""),
  /**
   * The approval page's URL (the stack's ApprovalUrl output) as the hosted UI's callback; known after the
   * first deploy, so set it and deploy again. Empty = no hosted-UI sign-in link on the page.
   */
  oidcCallbackUrl: z
    .string()
    .refine((u) => u === "" || /^https:\/\/\S+$/.test(u), "an https:// URL (the ApprovalUrl output)")
    .default(""),
  /**
   * Slack approvals: the name of a Secrets Manager secret you create holding the Slack app's
   * `{"botToken","signingSecret","channel"}`. Set: requests go to the channel with buttons, clicks come to
   * `<ApprovalUrl>/slack/interactions`, approvers are `slack:<team id>/<user id>`. Empty: no Slack.
   */
  slackSecretName: z.string().default(""),
  /** X-Ray active tracing on the functions (adds xray:PutTraceSegments on `*`). */
  tracing: z.boolean().default(false),
});
export type ResponderConfig = z.infer<typeof ResponderConfigSchema>;

/** Context keys are the config field names with this prefix, e.g. `air:approvalTimeoutMinutes`. */
export const CONTEXT_PREFIX = "air:";

const ARRAY_KEYS = new Set(
  Object.entries(ResponderConfigSchema.shape)
    .filter(([, schema]) => schema.unwrap() instanceof z.ZodArray)
    .map(([key]) => key),
);

/** `-c key=a,b` arrives as a string; JSON text and "true"/"false" are accepted too. */
function coerce(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (text.startsWith("[") || text.startsWith("{")) {
    try {
      return JSON.parse(text);
    } catch {
      return value;
    }
  }
  if (ARRAY_KEYS.has(key)) return text === "" ? [] : text.split(",").map((s) => s.trim());
  if (text === "false") return false;
  if (text === "true") return true;
  return value;
}

/** Reads and validates the config; `read(key)` returns a context value (e.g. `node.tryGetContext`). */
export function configFromContext(
  read: (key: string) => unknown,
  overrides: Partial<ResponderConfig> = {},
): ResponderConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ResponderConfigSchema.shape)) {
    const value = read(`${CONTEXT_PREFIX}${key}`);
    if (value !== undefined) raw[key] = coerce(key, value);
  }
  const parsed = ResponderConfigSchema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${CONTEXT_PREFIX}${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(
      `Invalid responder configuration (CDK context):\n${lines.join("\n")}\n` +
        "Fix the value in cdk.json or on the command line (-c key=value); infra/README.md lists every key.",
    );
  }
  const config = parsed.data;
  const selfPrefix = selfAlarmPrefix(config);
  const shadowing = config.alarmNamePrefixes.find((p) => selfPrefix.startsWith(p));
  if (shadowing !== undefined) {
    throw new Error(
      `Invalid responder configuration: ${CONTEXT_PREFIX}alarmNamePrefixes entry "${shadowing}" also matches the ` +
        `responder's own alarms ("${selfPrefix}…"), so it would respond to itself. Use a narrower prefix.`,
    );
  }
  return config;
}

/** The responder's own alarms start with this; the alarm rule never forwards them (no feedback loop). */
export function selfAlarmPrefix(config: Pick<ResponderConfig, "resourcePrefix">): string {
  return `${config.resourcePrefix}-self-`;
}

/** The slow-run alarm threshold: configured, or 80% of the worker timeout; never at or above the timeout. */
export function graphRunAlarmSeconds(config: ResponderConfig): number {
  const timeout = config.workerTimeoutMinutes * 60;
  const configured = config.graphRunDurationAlarmSeconds;
  if (configured === undefined) return Math.floor(timeout * 0.8);
  if (configured >= timeout) {
    throw new Error(
      `Invalid responder configuration (CDK context):\n  ${CONTEXT_PREFIX}graphRunDurationAlarmSeconds: ` +
        `${configured} s is not below the worker timeout (${timeout} s, ${CONTEXT_PREFIX}workerTimeoutMinutes), ` +
        "so the alarm could never fire. Lower it, or leave it unset for 80% of the timeout.",
    );
  }
  return configured;
}
