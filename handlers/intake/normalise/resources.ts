/**
 * Resources an alert is about, as ARNs where they can be built from alarm dimensions, so an alarm on an
 * instance and an EC2 state change of that instance name the same resource.
 */

import { isRegionCode } from "../parse/regions.js";

/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
function partition(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Dimension → ARN builder for the resources our remediation actions target. */
const ARN_BUILDERS: Record<string, (value: string, region: string, account: string) => string> = {
  InstanceId: (v, r, a) => `arn:${partition(r)}:ec2:${r}:${a}:instance/${v}`,
  FunctionName: (v, r, a) => `arn:${partition(r)}:lambda:${r}:${a}:function:${v}`,
  DBInstanceIdentifier: (v, r, a) => `arn:${partition(r)}:rds:${r}:${a}:db:${v}`,
  DBClusterIdentifier: (v, r, a) => `arn:${partition(r)}:rds:${r}:${a}:cluster:${v}`,
  TableName: (v, r, a) => `arn:${partition(r)}:dynamodb:${r}:${a}:table/${v}`,
  QueueName: (v, r, a) => `arn:${partition(r)}:sqs:${r}:${a}:${v}`,
};

/** Dimensions that name a resource but have no buildable ARN: kept as the bare value. */
const BARE_DIMENSIONS = ["AutoScalingGroupName", "LoadBalancer", "TargetGroup", "CacheClusterId"];

/**
 * Resource ids/ARNs named by an alarm's metric dimensions. ARNs only when region and account are real
 * (AWS's SNS samples say "EXAMPLE"); otherwise the bare dimension value.
 */
export function resourcesFromDimensions(
  dimensions: Record<string, string>,
  region: string,
  account: string,
): string[] {
  const out: string[] = [];
  const arns = isRegionCode(region) && /^\d{12}$/.test(account);
  for (const [name, build] of Object.entries(ARN_BUILDERS)) {
    const value = Object.hasOwn(dimensions, name) ? dimensions[name]?.trim() : undefined;
    if (value) out.push(arns ? build(value, region, account) : value);
  }
  const cluster = Object.hasOwn(dimensions, "ClusterName") ? dimensions["ClusterName"]?.trim() : undefined;
  const service = Object.hasOwn(dimensions, "ServiceName") ? dimensions["ServiceName"]?.trim() : undefined;
  if (arns && cluster && service) {
    out.push(`arn:${partition(region)}:ecs:${region}:${account}:service/${cluster}/${service}`);
  }
  for (const name of BARE_DIMENSIONS) {
    const value = Object.hasOwn(dimensions, name) ? dimensions[name]?.trim() : undefined;
    if (value) out.push(value);
  }
  return out;
}

/** Dimensions implied by a resource ARN (the inverse of the builders, for context events). */
export function dimensionsFromArn(arn: string): Record<string, string> {
  const parts = arn.split(":");
  const service = parts[2];
  const resource = parts.slice(5).join(":");
  if (service === "ec2" && resource.startsWith("instance/")) return { InstanceId: resource.slice(9) };
  if (service === "ecs" && resource.startsWith("service/")) {
    const path = resource.slice(8).split("/");
    const name = path.at(-1) ?? "";
    return path.length >= 2 ? { ClusterName: path[0] ?? "", ServiceName: name } : { ServiceName: name };
  }
  if (service === "lambda" && resource.startsWith("function:")) {
    return { FunctionName: resource.slice(9).split(":")[0] ?? "" };
  }
  return {};
}

/**
 * Keys used to match resources between alerts: the resource itself, plus the bare instance id of an EC2
 * instance ARN (AWS's samples put a different account in the ARN than in the event). Alarm ARNs and
 * values over 512 characters are left out.
 */
export function resourceKeys(resources: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const resource of resources) {
    const value = resource.trim();
    if (!value || value.length > 512 || /^arn:[^:]*:cloudwatch:/.test(value)) continue;
    keys.add(value);
    const instance = /^arn:[^:]*:ec2:[^:]*:[^:]*:instance\/(.+)$/.exec(value)?.[1];
    if (instance) keys.add(instance);
  }
  return [...keys].slice(0, 20);
}
