/**
 * `air doctor`'s model check: one tiny Bedrock call with a short timeout, and a sentence saying exactly what is
 * wrong when it fails (credentials, region, model access, model id, network).
 */
import { ChatBedrockConverse } from "@langchain/aws";
import { classifyAwsError } from "../../../tools/aws-shared/errors.js";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** The Bedrock client ChatBedrockConverse accepts; tests pass a canned one. */
export type BedrockClient = ConstructorParameters<typeof ChatBedrockConverse>[0] extends infer P
  ? P extends { client?: infer C }
    ? C
    : never
  : never;

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const NETWORK_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

class DoctorTimeout extends Error {
  override name = "DoctorTimeout";
}

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DoctorTimeout(`no answer from ${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True for failures to reach the endpoint at all (DNS, refused, reset, timeout). */
export function isNetworkError(err: Error): boolean {
  const code = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
  return (
    err instanceof DoctorTimeout ||
    (code !== undefined && NETWORK_CODES.has(code)) ||
    ["TimeoutError", "NetworkingError", "RequestTimeout"].includes(err.name) ||
    /getaddrinfo|ECONNREFUSED|ENOTFOUND|socket hang up|connect ETIMEDOUT/.test(err.message)
  );
}

/** What is wrong, in one sentence, from a failed Bedrock call. */
export function explainBedrockError(err: unknown, modelId: string, region: string): string {
  if (!(err instanceof Error)) return `model: ${String(err)}`;
  const host = `bedrock-runtime.${region}.amazonaws.com`;
  if (isNetworkError(err))
    return `network: cannot reach ${host} (${err.message}); check the network, proxy or VPC endpoint`;
  const failure = classifyAwsError(err);
  const said = `(AWS said: ${err.message})`;
  if (failure?.kind === "credentials")
    return (
      `credentials: AWS credentials are missing, wrong or expired ${said}; set AWS_PROFILE or ` +
      "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login"
    );
  if (failure?.kind === "access-denied")
    return (
      `model access: this identity may not invoke ${modelId} in ${region} ${said}; enable the model under ` +
      "Bedrock → Model access in that region and allow bedrock:InvokeModel on it"
    );
  if (
    failure?.kind === "not-found" ||
    /model identifier|inference profile|on-demand throughput/i.test(err.message)
  )
    return (
      `model id: ${modelId} is not available in ${region} ${said}; use a model or inference-profile id ` +
      "listed for this region (e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0)"
    );
  if (failure?.kind === "throttled") return `model: Bedrock throttled the check ${said}; try again`;
  return `model: ${failure?.code ?? err.name}: ${err.message}`;
}

export interface ModelCheckOptions {
  modelId?: string;
  region: string;
  timeoutMs: number;
  client?: BedrockClient;
}

/** Rules mode passes; a configured model must answer one tiny prompt. Each problem is its own line. */
export async function checkModel(options: ModelCheckOptions): Promise<CheckResult[]> {
  const { modelId, region } = options;
  if (!modelId) return [{ name: "model", ok: true, detail: "rules mode (no model configured)" }];
  const results: CheckResult[] = [];
  if (!REGION_PATTERN.test(region))
    results.push({
      name: "region",
      ok: false,
      detail: `"${region}" is not an AWS region name; set AIR_REGION (or AWS_REGION), e.g. us-east-1`,
    });
  const model = new ChatBedrockConverse({
    model: modelId,
    region,
    maxTokens: 8,
    temperature: 0,
    ...(options.client ? { client: options.client } : {}),
  });
  try {
    await withTimeout(model.invoke("Reply with the word OK."), options.timeoutMs, `Bedrock in ${region}`);
    results.push({ name: "model", ok: true, detail: `${modelId} in ${region} answered` });
  } catch (err) {
    results.push({ name: "model", ok: false, detail: explainBedrockError(err, modelId, region) });
  }
  return results;
}
