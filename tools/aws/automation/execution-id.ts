/**
 * Execution ids the AWS automation adapter hands out. Each says how to look its status up again (which API,
 * which ids) and which catalogue action it ran, so `status()` needs no table: `<kind>:<field>:<field>…`,
 * every field URI-encoded. A bare SSM Automation execution id (a UUID) is accepted too.
 */
import { AwsAdapterError } from "../../aws-shared/errors.js";

export type ExecutionRef =
  | { kind: "ssm-automation"; actionId: string; automationId: string }
  | { kind: "run-command"; actionId: string; startedMs: number; commandId: string; instanceId: string }
  | { kind: "ecs"; actionId: string; cluster: string; service: string; deploymentId: string }
  | {
      kind: "lambda";
      actionId: string;
      startedMs: number;
      functionName: string;
      alias: string;
      version: string;
    }
  | { kind: "autoscaling"; actionId: string; startedMs: number; group: string; desired: number }
  /** A family control-plane call that is done when it returns (`api-calls-family.ts`). */
  | { kind: "api"; actionId: string; startedMs: number; operation: string; target: string }
  /** An SQS message move task, followed through ListMessageMoveTasks. */
  | { kind: "sqs-move"; actionId: string; startedMs: number; sourceArn: string; taskHandle: string }
  /** An AppConfig deployment, followed through GetDeployment. */
  | {
      kind: "appconfig";
      actionId: string;
      startedMs: number;
      applicationId: string;
      environmentId: string;
      deploymentNumber: number;
    }
  /** A start AWS (or the adapter) refused: nothing ran. */
  | { kind: "rejected"; actionId: string; startedMs: number; token: string };

const FIELDS: { [K in ExecutionRef["kind"]]: (keyof Extract<ExecutionRef, { kind: K }>)[] } = {
  "ssm-automation": ["actionId", "automationId"],
  "run-command": ["actionId", "startedMs", "commandId", "instanceId"],
  ecs: ["actionId", "cluster", "service", "deploymentId"],
  lambda: ["actionId", "startedMs", "functionName", "alias", "version"],
  autoscaling: ["actionId", "startedMs", "group", "desired"],
  api: ["actionId", "startedMs", "operation", "target"],
  "sqs-move": ["actionId", "startedMs", "sourceArn", "taskHandle"],
  appconfig: ["actionId", "startedMs", "applicationId", "environmentId", "deploymentNumber"],
  rejected: ["actionId", "startedMs", "token"],
};
const NUMERIC = new Set(["startedMs", "desired", "deploymentNumber"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeExecutionId(ref: ExecutionRef): string {
  const fields = FIELDS[ref.kind] as string[];
  const values = fields.map((f) =>
    encodeURIComponent(String((ref as unknown as Record<string, unknown>)[f])),
  );
  return [ref.kind, ...values].join(":");
}

export function decodeExecutionId(id: string): ExecutionRef {
  if (UUID.test(id)) return { kind: "ssm-automation", actionId: "", automationId: id };
  const [kind, ...values] = id.split(":");
  const fields = FIELDS[kind as ExecutionRef["kind"]] as string[] | undefined;
  if (!fields || values.length !== fields.length) {
    throw new AwsAdapterError(
      `AutomationExecutionNotFoundException: ${id} is not an execution id this adapter issued`,
      "not-found",
      "AutomationExecutionNotFoundException",
      "automation:status",
      `execution ${id}`,
    );
  }
  const ref: Record<string, unknown> = { kind };
  fields.forEach((f, i) => {
    const value = decodeURIComponent(values[i] ?? "");
    ref[f] = NUMERIC.has(f) ? Number(value) : value;
  });
  return ref as ExecutionRef;
}
