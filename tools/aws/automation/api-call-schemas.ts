/**
 * Strict schemas of the catalogue families' API calls: exactly the parameters each catalogue action sends,
 * with the catalogue's own shape rules (plain names, bounded numbers), checked again as the last step before AWS.
 */
import { z } from "zod";
import { AwsAdapterError } from "../../aws-shared/errors.js";

/** Same shape rules as the catalogue: plain names only (no ARN, which could name another account). */
const plain = (max = 255) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a plain name (letters, digits, '.', '_', '-'; no ARN)")
    .max(max);
const cidr = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(2[4-9]|3[0-2])$/,
    "an IPv4 CIDR no wider than /24",
  );
const sgId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, "a security group id like sg-0abc1234");
const appConfigId = z
  .string()
  .regex(/^[a-z0-9]{4,7}$/, "an AppConfig id like abc1234 (4-7 lower-case letters and digits)");
const ipSetId = z.string().regex(/^[0-9a-f-]{36}$/, "the IP set's id (a UUID)");

/** Managed policies the responder never attaches (the stack's ArnNotEquals condition says the same). */
export const NEVER_ATTACH_POLICY = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;

export const FAMILY_SCHEMAS = {
  "lambda:PutFunctionConcurrency": z.strictObject({
    FunctionName: plain(64),
    ReservedConcurrentExecutions: z.number().int().min(0).max(10_000),
  }),
  "lambda:DeleteFunctionConcurrency": z.strictObject({ FunctionName: plain(64) }),
  "dynamodb:UpdateTable": z.union([
    z.strictObject({ TableName: plain(), BillingMode: z.literal("PAY_PER_REQUEST") }),
    z.strictObject({
      TableName: plain(),
      ReadCapacityUnits: z.number().int().min(1).max(40_000),
      WriteCapacityUnits: z.number().int().min(1).max(40_000),
    }),
  ]),
  "sqs:SetQueueAttributes": z.strictObject({
    QueueName: plain(80),
    DeadLetterQueueName: plain(80),
    maxReceiveCount: z.number().int().min(1).max(1000),
  }),
  "sqs:StartMessageMoveTask": z.strictObject({
    SourceQueueName: plain(80),
    DeadLetterQueueName: plain(80),
    MaxNumberOfMessagesPerSecond: z.number().int().min(1).max(500),
  }),
  "autoscaling:UpdateAutoScalingGroup": z.strictObject({
    AutoScalingGroupName: plain(),
    MaxSize: z.number().int().min(1).max(1000),
  }),
  "ssm:PutParameter": z.strictObject({
    Name: z
      .string()
      .regex(
        /^\/?[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/,
        "a parameter name like /checkout/db/pool-size (no ARN, no '..')",
      )
      .max(1011),
    RestoreVersion: z.string().regex(/^[1-9]\d{0,9}$/, "a version number"),
  }),
  "ec2:AuthorizeSecurityGroupIngress": z
    .strictObject({
      GroupId: sgId,
      IpProtocol: z.enum(["tcp", "udp"]),
      FromPort: z.number().int().min(0).max(65535),
      ToPort: z.number().int().min(0).max(65535),
      Source: z.union([sgId, cidr]),
    })
    .refine((p) => p.FromPort <= p.ToPort, { message: "FromPort must not exceed ToPort", path: ["ToPort"] }),
  "appconfig:StartDeployment": z.strictObject({
    ApplicationId: appConfigId,
    EnvironmentId: appConfigId,
    ConfigurationProfileId: appConfigId,
    ConfigurationVersion: z.string().regex(/^[1-9]\d{0,9}$/, "a hosted configuration version number"),
    DeploymentStrategyId: z.literal("AppConfig.AllAtOnce"),
  }),
  /** Block (add addresses to the set) or restore (the set back to a recorded list). */
  "wafv2:UpdateIPSet": z.union([
    z.strictObject({
      Name: plain(128),
      Id: ipSetId,
      Scope: z.literal("REGIONAL"),
      AddAddresses: z
        .string()
        .max(20 * 19)
        .refine(
          (s) => s.split(",").length <= 20 && s.split(",").every((a) => cidr.safeParse(a.trim()).success),
          "1 to 20 comma-separated IPv4 CIDRs no wider than /24",
        ),
    }),
    z.strictObject({
      Name: plain(128),
      Id: ipSetId,
      Scope: z.literal("REGIONAL"),
      Addresses: z.array(cidr).max(10_000),
    }),
  ]),
  // The catalogue names the policy (never by ARN, which could name another account); the ARN form stays for
  // direct callers. The executor resolves a name in the role's own account and partition.
  "iam:AttachRolePolicy": z.union([
    z.strictObject({
      RoleName: plain(64),
      PolicyName: z
        .string()
        .regex(/^[A-Za-z0-9+=,.@_-]{1,128}$/, "a managed policy name")
        .refine((n) => !/^(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/i.test(n), {
          message: "an administrator-level policy the responder never attaches",
        }),
      Scope: z.enum(["Local", "AWS"]).default("Local"),
      PolicyPath: z
        .string()
        .regex(/^\/(?:[A-Za-z0-9+=,@_-]+\/)*$/, "an IAM path like /service-role/")
        .default("/"),
    }),
    z.strictObject({
      RoleName: plain(64),
      PolicyArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[A-Za-z0-9+=,.@_/-]{1,128}$/,
          "a managed policy ARN",
        )
        .refine(
          (arn) => !NEVER_ATTACH_POLICY.test(arn),
          "an administrator-level policy the responder never attaches",
        ),
    }),
  ]),
} as const;

/** The ECS forms beyond the rollback (which `api-calls.ts` keeps): replace tasks, or set the count. */
export const ecsFamilyParams = z.union([
  z.strictObject({ cluster: plain(), service: plain(), forceNewDeployment: z.literal(true) }),
  z.strictObject({ cluster: plain(), service: plain(), desiredCount: z.number().int().min(0).max(1000) }),
]);

export type FamilyOperation = keyof typeof FAMILY_SCHEMAS;

export function isFamilyOperation(operation: string): operation is FamilyOperation {
  return Object.hasOwn(FAMILY_SCHEMAS, operation);
}

/** A request the adapter refuses before (or instead of) calling AWS. */
export function invalid(action: string, resource: string, why: string): AwsAdapterError {
  return new AwsAdapterError(
    `InvalidParameters: ${action} on ${resource}: ${why}`,
    "invalid",
    "InvalidParameters",
    action,
    resource,
  );
}
