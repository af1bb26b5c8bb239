import { z } from "zod";

/** The Lambda functions' configuration, set by the CDK stack. A missing variable fails the cold start loudly. */
export const LambdaEnvSchema = z
  .object({
    AWS_REGION: z.string().default("us-east-1"),
    AIR_CHECKPOINT_TABLE: z.string().min(1),
    AIR_INCIDENT_TABLE: z.string().min(1),
    AIR_APPROVALS_TABLE: z.string().min(1),
    AIR_OUTCOMES_TABLE: z.string().min(1),
    AIR_WORK_QUEUE_URL: z.string().url(),
    /** Worker: ARN of the work queue, the target of wake-up schedules. */
    AIR_WORK_QUEUE_ARN: z.string().optional(),
    /** Worker: the EventBridge Scheduler group wake-ups are created in. */
    AIR_WAKEUP_GROUP: z.string().optional(),
    /** Worker: the role Scheduler assumes to send wake-ups to the work queue. */
    AIR_WAKEUP_ROLE_ARN: z.string().optional(),
    AIR_OFFLOAD_BUCKET: z.string().min(1),
    AIR_AUDIT_BUCKET: z.string().min(1),
    AIR_REPORTS_BUCKET: z.string().min(1),
    AIR_KNOWLEDGE_BUCKET: z.string().optional(),
    AIR_KNOWLEDGE_PREFIX: z.string().default("runbooks/"),
    AIR_TOPIC_ARN: z.string().min(1),
    AIR_APPROVAL_SECRET_ARN: z.string().min(1),
    /** Public URL of the approval function (the function URL). */
    AIR_APPROVAL_URL: z.string().url().optional(),
    AIR_BEDROCK_MODEL_ID: z.string().optional(),
    /** Role SSM Automation assumes for every document (local runs; the stack sets AIR_SSM_AUTOMATION_ROLES). */
    AIR_AUTOMATION_ROLE_ARN: z.string().startsWith("arn:").optional(),
    /** Worker: JSON object, SSM Automation document name → the role SSM assumes for it (one per runbook). */
    AIR_SSM_AUTOMATION_ROLES: z.string().optional(),
    /** Worker: a Bedrock Knowledge Base searched alongside the runbooks (optional). */
    AIR_KNOWLEDGE_BASE_ID: z.string().optional(),
    /** Default most supervisor steps per incident; a run's `configurable.stepBudget` overrides it. */
    AIR_STEP_BUDGET: z.coerce.number().int().positive().optional(),
    /** Default most tool-calling rounds per specialist. */
    AIR_MAX_TOOL_ROUNDS: z.coerce.number().int().positive().optional(),
    /** The gate policy as JSON (see graph/policy/config.ts); defaults apply when unset. */
    AIR_POLICY: z.string().optional(),
    /** Service map for intake normalisation, as JSON. */
    AIR_SERVICE_MAP: z.string().optional(),
    /** The change feed's per-service scope, as JSON (`change-feed.ts`; the stack's air:changeFeed). */
    AIR_CHANGE_FEED: z.string().optional(),
    /** Minutes an approval may wait before the sweeper escalates it. */
    AIR_APPROVAL_MAX_WAIT_MINUTES: z.coerce.number().int().positive().default(60),
    /** Approval function: the Cognito user pool whose ID tokens authenticate OIDC approvers (`oidc:<sub>`). */
    AIR_OIDC_USER_POOL_ID: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/, "a Cognito user pool id like us-east-1_AbCdEf123")
      .optional(),
    /** Approval function: the app client those ID tokens must be issued to (their `aud`). */
    AIR_OIDC_CLIENT_ID: z
      .string()
      .regex(/^[0-9a-z]+$/, "a Cognito app client id")
      .optional(),
    /** Worker and approval function: the Slack app's secret ({botToken, signingSecret, channel}), if any. */
    AIR_SLACK_SECRET_ARN: z.string().startsWith("arn:").optional(),
    /** Approval function: the hosted UI sign-in URL shown on the approval page (optional). */
    AIR_OIDC_SIGN_IN_URL: z.string().url().optional(),
  })
  .refine((env) => (env.AIR_OIDC_USER_POOL_ID === undefined) === (env.AIR_OIDC_CLIENT_ID === undefined), {
    message: "set both AIR_OIDC_USER_POOL_ID and AIR_OIDC_CLIENT_ID, or neither",
    path: ["AIR_OIDC_CLIENT_ID"],
  });
export type LambdaEnv = z.infer<typeof LambdaEnvSchema>;

export function readLambdaEnv(env: NodeJS.ProcessEnv = process.env): LambdaEnv {
  const parsed = LambdaEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(
      `the function's environment is incomplete (${problems}); deploy it with the CDK stack in infra/`,
    );
  }
  return parsed.data;
}

/** Parses an optional JSON variable with a clear error naming it. */
export function jsonVar(name: string, value: string | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `AIR_SSM_AUTOMATION_ROLES`: document name → role ARN, checked. */
export function automationRolesVar(value: string | undefined): Record<string, string> | undefined {
  const parsed = jsonVar("AIR_SSM_AUTOMATION_ROLES", value);
  if (parsed === undefined) return undefined;
  const roles = z.record(z.string().min(1), z.string().startsWith("arn:")).safeParse(parsed);
  if (!roles.success) {
    throw new Error(
      `AIR_SSM_AUTOMATION_ROLES must map Automation document names to role ARNs: ${roles.error.issues[0]?.message}`,
    );
  }
  return roles.data;
}
