/** `air doctor`'s other checks: Node, DynamoDB and S3, the knowledge folder, the gate policy. */
import { fileURLToPath } from "node:url";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { type GatePolicy, GatePolicyError, parseGatePolicy } from "../../../graph/policy/config.js";
import { actionIds } from "../../../knowledge/actions/index.js";
import { formatLintProblem, lintAwsCatalogue, lintRunbooks } from "../../../knowledge/corpus/lint.js";
import { AWS_CATALOGUE_PATH, BUILT_IN_RUNBOOKS_DIR } from "../../../knowledge/corpus/paths.js";
import { translateAwsError } from "../../../tools/aws-shared/errors.js";
import { startLocalAws } from "../../../tools/local-aws/servers.js";
import type { RuntimeConfig } from "../../runtime/config.js";
import { type CheckResult, isNetworkError, withTimeout } from "./model.js";

export const MIN_NODE = [20, 16] as const;

export function checkNode(version = process.versions.node): CheckResult {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    name: "node",
    ok,
    detail: `v${version}${ok ? "" : `: air needs Node >= ${MIN_NODE.join(".")}; install a newer Node (e.g. nvm install 22)`}`,
  };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";

/** One sentence for a failed storage call: unreachable endpoints say so, AWS errors go through the translator. */
async function explain(
  err: unknown,
  where: string,
  ctx: { action: string; resource: string; region: () => Promise<string> },
) {
  if (err instanceof Error && isNetworkError(err))
    return `network: cannot reach ${where} (${message(err)}); is it running, and is the endpoint right?`;
  return message(await translateAwsError(err, ctx));
}

/**
 * Local default: start the in-process dynalite and s3rver and create every table. With AIR_DYNAMODB_ENDPOINT:
 * the tables this CLI uses must exist (and be ACTIVE), and the offload bucket must be reachable.
 */
export async function checkStorage(config: RuntimeConfig, timeoutMs: number): Promise<CheckResult[]> {
  if (!config.dynamoEndpoint) {
    try {
      const aws = await startLocalAws({
        tables: { checkpoints: config.checkpointTable, incidents: config.incidentTable },
        buckets: [config.offloadBucket],
      });
      await aws.stop();
      return [
        {
          name: "dynamodb",
          ok: true,
          detail: `in-process dynalite; created ${Object.values(aws.tables).join(", ")}`,
        },
        { name: "s3", ok: true, detail: `in-process s3rver; bucket ${config.offloadBucket}` },
      ];
    } catch (err) {
      return [
        { name: "dynamodb", ok: false, detail: `cannot start the in-process DynamoDB/S3: ${message(err)}` },
      ];
    }
  }
  const endpoint = config.dynamoEndpoint === "aws" ? undefined : config.dynamoEndpoint;
  const where = endpoint ?? `DynamoDB in ${config.region}`;
  const dynamo = new DynamoDBClient({
    region: config.region,
    maxAttempts: 1,
    ...(endpoint ? { endpoint } : {}),
  });
  const s3 = new S3Client({
    region: config.region,
    maxAttempts: 1,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
  });
  const results: CheckResult[] = [];
  try {
    for (const table of [config.checkpointTable, config.incidentTable]) {
      const ctx = {
        action: "dynamodb:DescribeTable",
        resource: `DynamoDB table ${table}`,
        region: async () => config.region,
      };
      try {
        const res = await withTimeout(
          dynamo.send(new DescribeTableCommand({ TableName: table })),
          timeoutMs,
          where,
        );
        const status = res.Table?.TableStatus;
        results.push({
          name: "dynamodb",
          ok: status === "ACTIVE",
          detail: `table ${table} at ${where}: ${status}`,
        });
      } catch (err) {
        results.push({
          name: "dynamodb",
          ok: false,
          detail: await explain(err, where, ctx),
        });
      }
    }
    const bucket = config.offloadBucket;
    const ctx = { action: "s3:ListBucket", resource: `bucket ${bucket}`, region: async () => config.region };
    try {
      await withTimeout(
        s3.send(new HeadBucketCommand({ Bucket: bucket })),
        timeoutMs,
        config.s3Endpoint ?? "S3",
      );
      results.push({ name: "s3", ok: true, detail: `bucket ${bucket} reachable` });
    } catch (err) {
      results.push({ name: "s3", ok: false, detail: await explain(err, config.s3Endpoint ?? "S3", ctx) });
    }
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
  return results;
}

/** The built-in runbooks and the AWS document catalogue load and lint without errors. */
export async function checkKnowledge(
  runbooksDir = fileURLToPath(BUILT_IN_RUNBOOKS_DIR),
  cataloguePath = fileURLToPath(AWS_CATALOGUE_PATH),
): Promise<CheckResult> {
  const problems = [...(await lintRunbooks(runbooksDir)), ...(await lintAwsCatalogue(cataloguePath))];
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length === 0)
    return {
      name: "knowledge",
      ok: true,
      detail: `runbooks in ${runbooksDir} and the AWS catalogue load without errors`,
    };
  const shown = errors.slice(0, 3).map(formatLintProblem).join("; ");
  return {
    name: "knowledge",
    ok: false,
    detail: `${errors.length} error(s): ${shown}${errors.length > 3 ? "; …" : ""} (air runbooks lint for all)`,
  };
}

/** The gate policy (AIR_POLICY JSON, else the defaults) parses, validates and names only catalogue actions. */
export function checkPolicy(json: string | undefined): CheckResult {
  let input: unknown = {};
  if (json) {
    try {
      input = JSON.parse(json);
    } catch (err) {
      return { name: "policy", ok: false, detail: `AIR_POLICY is not valid JSON: ${message(err)}` };
    }
  }
  let policy: GatePolicy;
  try {
    policy = parseGatePolicy(input, json ? "AIR_POLICY" : "the default gate policy");
  } catch (err) {
    const lines = message(err instanceof GatePolicyError ? err.message.split("\n").join(" ") : err);
    return { name: "policy", ok: false, detail: lines.replace(/\s+-\s+/g, " - ").replace(/\s+/g, " ") };
  }
  const known = new Set(actionIds());
  const unknown = policy.enabledActions.filter((a) => !known.has(a));
  if (unknown.length)
    return {
      name: "policy",
      ok: false,
      detail: `enabledActions names unknown actions: ${unknown.join(", ")}`,
    };
  const p = policy;
  return {
    name: "policy",
    ok: true,
    detail: `${json ? "AIR_POLICY" : "defaults"} valid; kill switch ${p.killSwitch ? "ON" : "off"}, ${p.enabledActions.length || "all"} action(s) enabled`,
  };
}
