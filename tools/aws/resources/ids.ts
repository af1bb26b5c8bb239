/**
 * Resource ids as the responder uses them (the ids the action catalogue targets): `i-…` for an instance,
 * `cluster/service` for ECS, `function:alias` for Lambda, the group name for Auto Scaling, `sg-…` for a
 * security group; ARNs of each too. IAM roles and WAF IP sets are bare names, and so are DynamoDB tables,
 * SQS queues and DB instances (as their alarms' dimensions name them); a Parameter Store path starts with
 * `/`, an AppConfig profile is `application/environment/profile`.
 */

export type ResourceRef =
  | { kind: "ec2"; instanceId: string }
  | { kind: "ecs"; cluster: string; service: string }
  | { kind: "lambda"; functionName: string; alias?: string }
  | { kind: "asg"; name: string }
  | { kind: "security-group"; groupId: string }
  | { kind: "table"; name: string }
  | { kind: "queue"; name: string }
  | { kind: "db"; identifier: string }
  | { kind: "parameter"; name: string }
  | { kind: "appconfig"; id: string }
  /** A bare name: an external dependency, an Auto Scaling group or a Lambda function. */
  | { kind: "name"; name: string };

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const APPCONFIG_PROFILE = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/;
/** Load-balancer and target-group dimensions (`app/name/id`, `targetgroup/name/id`) have three parts too. */
const ELB_DIMENSION = /^(app|net|gwy|targetgroup)\//;
const LAMBDA_QUALIFIED = /^([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_$-]{1,128})$/;

function fromArn(arn: string): ResourceRef | undefined {
  const [, , service, , , ...rest] = arn.split(":");
  const resource = rest.join(":");
  if (service === "ec2" && resource.startsWith("security-group/")) {
    return { kind: "security-group", groupId: resource.slice("security-group/".length) };
  }
  if (service === "ec2" && resource.startsWith("instance/")) {
    return { kind: "ec2", instanceId: resource.slice("instance/".length) };
  }
  if (service === "ecs" && resource.startsWith("service/")) {
    const parts = resource.slice("service/".length).split("/");
    const [a, b] = parts;
    if (a && b) return { kind: "ecs", cluster: a, service: b };
    if (a) return { kind: "ecs", cluster: "default", service: a };
  }
  if (service === "lambda" && resource.startsWith("function:")) {
    const [functionName, alias] = resource.slice("function:".length).split(":");
    if (functionName) return { kind: "lambda", functionName, ...(alias ? { alias } : {}) };
  }
  if (service === "dynamodb" && /^table\/[^/]+$/.test(resource)) {
    return { kind: "table", name: resource.slice("table/".length) };
  }
  if (service === "sqs" && resource && !resource.includes(":")) return { kind: "queue", name: resource };
  if (service === "rds" && resource.startsWith("db:")) return { kind: "db", identifier: resource.slice(3) };
  if (service === "ssm" && resource.startsWith("parameter/")) {
    const rest = resource.slice("parameter/".length);
    return { kind: "parameter", name: rest.includes("/") ? `/${rest}` : rest };
  }
  if (service === "autoscaling") {
    const name = /autoScalingGroupName\/(.+)$/.exec(resource)?.[1];
    if (name) return { kind: "asg", name };
  }
  return undefined;
}

export function parseResourceId(id: string): ResourceRef {
  if (id.startsWith("arn:")) return fromArn(id) ?? { kind: "name", name: id };
  if (INSTANCE_ID.test(id)) return { kind: "ec2", instanceId: id };
  if (GROUP_ID.test(id)) return { kind: "security-group", groupId: id };
  if (id.startsWith("/") && id.length > 1) return { kind: "parameter", name: id };
  if (APPCONFIG_PROFILE.test(id) && !ELB_DIMENSION.test(id)) return { kind: "appconfig", id };
  const slash = id.indexOf("/");
  if (slash > 0 && slash < id.length - 1 && id.indexOf("/", slash + 1) === -1) {
    return { kind: "ecs", cluster: id.slice(0, slash), service: id.slice(slash + 1) };
  }
  const qualified = LAMBDA_QUALIFIED.exec(id);
  if (qualified?.[1] && qualified[2])
    return { kind: "lambda", functionName: qualified[1], alias: qualified[2] };
  return { kind: "name", name: id };
}

/** `arn:…:targetgroup/name/id` → `targetgroup/name/id`, the form CloudWatch's TargetGroup dimension uses. */
export function targetGroupDimension(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const i = arn.indexOf("targetgroup/");
  return i >= 0 ? arn.slice(i) : arn;
}

/** `arn:…:task-definition/family:3` → `family:3`. */
export function taskDefinitionName(arn: string | undefined): string {
  if (!arn) return "";
  const i = arn.indexOf("task-definition/");
  return i >= 0 ? arn.slice(i + "task-definition/".length) : arn;
}

/** Resource names from an ARN's last segment (`…:cluster/prod` → `prod`). */
export function lastSegment(arnOrName: string | undefined): string {
  return (arnOrName ?? "").split("/").at(-1) ?? "";
}
