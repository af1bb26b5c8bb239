import { z } from "zod";

/**
 * Runtime configuration from the environment. Everything has a local default: with nothing set, the
 * responder runs in rules mode on the simulated account with in-process DynamoDB and S3.
 */
export const RuntimeConfigSchema = z.object({
  region: z.string().default("us-east-1"),
  /** Bedrock model or inference-profile id; rules mode when unset. */
  bedrockModelId: z.string().optional(),
  /** Default most supervisor steps per incident; a run's `configurable.stepBudget` overrides it. */
  stepBudget: z.coerce.number().int().positive().default(12),
  /** Default most tool-calling rounds per specialist; a run's `configurable.maxToolRounds` overrides it. */
  maxToolRounds: z.coerce.number().int().positive().default(6),
  /** A real DynamoDB endpoint or AWS itself ("aws"); in-process dynalite when unset. */
  dynamoEndpoint: z.string().optional(),
  s3Endpoint: z.string().optional(),
  checkpointTable: z.string().default("air-checkpoints"),
  incidentTable: z.string().default("air-incidents"),
  offloadBucket: z.string().default("air-checkpoint-offload"),
  reportsDir: z.string().default("runs"),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = RuntimeConfigSchema.safeParse({
    region: env.AIR_REGION ?? env.AWS_REGION,
    bedrockModelId: env.AIR_BEDROCK_MODEL_ID || undefined,
    stepBudget: env.AIR_STEP_BUDGET || undefined,
    maxToolRounds: env.AIR_MAX_TOOL_ROUNDS || undefined,
    dynamoEndpoint: env.AIR_DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: env.AIR_S3_ENDPOINT || undefined,
    checkpointTable: env.AIR_CHECKPOINT_TABLE || undefined,
    incidentTable: env.AIR_INCIDENT_TABLE || undefined,
    offloadBucket: env.AIR_OFFLOAD_BUCKET || undefined,
    reportsDir: env.AIR_REPORTS_DIR || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `configuration: AIR_${String(issue?.path[0] ?? "").toUpperCase()} is invalid: ${issue?.message}`,
    );
  }
  return parsed.data;
}
