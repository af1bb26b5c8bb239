/**
 * `air doctor --aws`: checks the deployed stack's wiring with the user's credentials, read-only. What it
 * looks at is what breaks silently in a real account: the stack finished, the functions are active, the
 * worker consumes its queue, the public approval function has reserved concurrency, CloudWatch may publish
 * to the topics, the audit bucket refuses deletes, the worker's change feed scope parses, and the worker's model
 * answers in its Region.
 */

import {
  type CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from "@aws-sdk/client-cloudformation";
import {
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
} from "@aws-sdk/client-lambda";
import { GetBucketPolicyCommand, type S3Client } from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, type SNSClient } from "@aws-sdk/client-sns";
import { classifyAwsError } from "../../../tools/aws-shared/errors.js";
import { changeFeedOptions } from "../../lambda/change-feed.js";
import type { CheckResult } from "./model.js";

export interface DeployedClients {
  cloudFormation: CloudFormationClient;
  lambda: LambdaClient;
  sns: SNSClient;
  s3: S3Client;
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statements = (policy: string | undefined): Statement[] =>
  policy ? ((JSON.parse(policy) as { Statement?: Statement[] }).Statement ?? []) : [];

/** A failed read said plainly: missing permission, missing resource, or the SDK's message. */
function failure(name: string, what: string, err: unknown): CheckResult {
  const kind = classifyAwsError(err)?.kind;
  const why =
    kind === "access-denied"
      ? "your credentials may not read it (air doctor --aws needs read access to the stack's resources)"
      : kind === "not-found"
        ? "it does not exist"
        : (err as Error).message;
  return { name, ok: false, detail: `${what}: ${why}` };
}

async function check(name: string, what: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (err) {
    return failure(name, what, err);
  }
}

export interface DeployedFunctions {
  worker?: { name: string; modelId?: string; changeFeed?: string; serviceMap?: string };
  approval?: { name: string };
}

/** Runs the deployed-stack checks; `modelCheck` is given the worker's model id and Region when it has one. */
export async function checkDeployedStack(
  stackName: string,
  region: string,
  clients: DeployedClients,
  modelCheck?: (modelId: string, region: string) => Promise<CheckResult[]>,
): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  let outputs: Record<string, string> = {};
  try {
    const res = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = res.Stacks?.[0];
    const status = stack?.StackStatus ?? "UNKNOWN";
    outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey ?? "", o.OutputValue ?? ""]));
    const ok = /_COMPLETE$/.test(status) && !/ROLLBACK|DELETE/.test(status);
    out.push({
      name: "stack",
      ok,
      detail: `${stackName} in ${region}: ${status}${ok ? "" : "; fix the deployment (cdk deploy) before anything else"}`,
    });
  } catch (err) {
    out.push(failure("stack", `${stackName} in ${region}`, err));
    return out;
  }

  const resources = await clients.cloudFormation.send(
    new DescribeStackResourcesCommand({ StackName: stackName }),
  );
  const fnNames = (resources.StackResources ?? [])
    .filter((r) => r.ResourceType === "AWS::Lambda::Function" && r.PhysicalResourceId)
    .map((r) => r.PhysicalResourceId as string);
  const fns: DeployedFunctions = {};
  for (const name of fnNames) {
    out.push(
      await check("function", name, async () => {
        const cfg = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
        if (cfg.Description?.startsWith("air worker")) {
          fns.worker = {
            name,
            ...(cfg.Environment?.Variables?.AIR_BEDROCK_MODEL_ID
              ? { modelId: cfg.Environment.Variables.AIR_BEDROCK_MODEL_ID }
              : {}),
            ...(cfg.Environment?.Variables?.AIR_CHANGE_FEED
              ? { changeFeed: cfg.Environment.Variables.AIR_CHANGE_FEED }
              : {}),
            ...(cfg.Environment?.Variables?.AIR_SERVICE_MAP
              ? { serviceMap: cfg.Environment.Variables.AIR_SERVICE_MAP }
              : {}),
          };
        }
        if (cfg.Description?.startsWith("air approval")) fns.approval = { name };
        const ok = cfg.State === "Active" && cfg.LastUpdateStatus !== "Failed";
        return {
          name: "function",
          ok,
          detail: `${name}: ${cfg.State ?? "?"}${ok ? "" : ` (${cfg.StateReasonCode ?? cfg.LastUpdateStatusReason ?? "see the Lambda console"})`}`,
        };
      }),
    );
  }

  if (fns.worker) {
    const worker = fns.worker.name;
    out.push(
      await check("worker-sqs", worker, async () => {
        const res = await clients.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: worker }));
        const enabled = (res.EventSourceMappings ?? []).some((m) => m.State === "Enabled");
        return {
          name: "worker-sqs",
          ok: enabled,
          detail: enabled
            ? "the worker consumes the work queue"
            : `${worker} has no enabled SQS trigger: incidents would queue up and never run; enable its event source mapping`,
        };
      }),
    );
    out.push(changeFeedCheck(fns.worker));
  } else {
    out.push({ name: "worker-sqs", ok: false, detail: `no air worker function found in ${stackName}` });
  }

  if (fns.approval) {
    const approval = fns.approval.name;
    out.push(
      await check("approval", approval, async () => {
        const res = await clients.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: approval }));
        const reserved = res.ReservedConcurrentExecutions ?? 0;
        return {
          name: "approval",
          ok: reserved > 0,
          detail:
            reserved > 0
              ? `public approval function capped at ${reserved} concurrent executions`
              : "the public approval function has no reserved concurrency: set air:approvalReservedConcurrency and redeploy",
        };
      }),
    );
  }

  for (const key of ["NotificationsTopicArn", "AlarmActionsTopicArn"]) {
    const arn = outputs[key];
    if (!arn) continue;
    out.push(
      await check("topic", arn, async () => {
        const res = await clients.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
        const allows = statements(res.Attributes?.Policy).some(
          (s) =>
            s.Effect === "Allow" &&
            JSON.stringify(s.Principal ?? "").includes("cloudwatch.amazonaws.com") &&
            list(s.Action).some((a) => a === "sns:Publish" || a === "SNS:Publish"),
        );
        return {
          name: "topic",
          ok: allows,
          detail: allows
            ? `CloudWatch alarms may publish to ${arn}`
            : `${arn}: its policy does not let CloudWatch publish, so alarms notify nobody; redeploy the stack`,
        };
      }),
    );
  }

  const audit = outputs.AuditBucketName;
  if (audit) {
    out.push(
      await check("audit", audit, async () => {
        const res = await clients.s3.send(new GetBucketPolicyCommand({ Bucket: audit }));
        const denies = statements(res.Policy).some(
          (s) => s.Effect === "Deny" && list(s.Action).includes("s3:DeleteObject"),
        );
        return {
          name: "audit",
          ok: denies,
          detail: denies
            ? `${audit} refuses deletes (append-only audit trail)`
            : `${audit}: its policy does not deny s3:DeleteObject; redeploy the stack`,
        };
      }),
    );
  }

  const modelId = fns.worker?.modelId;
  if (modelId && modelCheck) out.push(...(await modelCheck(modelId, region)));
  else if (fns.worker)
    out.push({ name: "model", ok: true, detail: "the worker runs in rules mode (no model)" });
  return out;
}

/** The worker's change feed scope parses, and says how much of the account it attributes beyond tags. */
export function changeFeedCheck(worker: { changeFeed?: string; serviceMap?: string }): CheckResult {
  try {
    const { changeFeed } = changeFeedOptions({
      AIR_CHANGE_FEED: worker.changeFeed,
      AIR_SERVICE_MAP: worker.serviceMap,
    });
    if (!changeFeed) {
      return {
        name: "change-feed",
        ok: true,
        detail:
          "only tagged resources attribute changes to a service; set air:changeFeed (parameters, security groups, " +
          "roles, AppConfig environments per service) so their changes are seen too",
      };
    }
    const count = (m: Record<string, string[]>) => Object.values(m).flat().length;
    return {
      name: "change-feed",
      ok: true,
      detail:
        `${Object.keys({ ...changeFeed.parameters, ...changeFeed.resourceIds, ...changeFeed.appConfigEnvironments }).length} service(s): ` +
        `${count(changeFeed.parameters)} parameter(s), ${count(changeFeed.resourceIds)} other resource id(s), ` +
        `${count(changeFeed.appConfigEnvironments)} AppConfig environment(s)`,
    };
  } catch (err) {
    return { name: "change-feed", ok: false, detail: (err as Error).message };
  }
}
