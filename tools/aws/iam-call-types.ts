/** The IAM call registry's shape and the helpers its entries share (see `iam-calls.ts`). */

/** The four functions, or the role SSM Automation assumes for one runbook (`ssm-role:<document>`). */
export type IamPrincipal = "intake" | "worker" | "approval" | "sweeper" | `ssm-role:${string}`;

/** What a resource builder knows: the account the stack runs in and the function's environment. */
export interface ArnContext {
  partition: string;
  region: string;
  account: string;
  /** The environment the stack sets on the calling function (resolved names and ARNs). */
  env: Readonly<Record<string, string>>;
  /** The tag that marks a resource the responder may change. */
  targetTag: { key: string; value: string };
  /** Catalogue actions enabled in this deployment. */
  enabledActions: readonly string[];
  /** Log group prefixes the deployment scopes the worker's log reads to (empty = all). */
  logGroupPrefixes: readonly string[];
  /** The configured Bedrock model or inference profile id ("" = rules mode). */
  bedrockModelId: string;
  knowledgeBaseId: string;
}

export interface IamCall {
  /** Unique, readable: `<area>.<what>` (e.g. `logs.filter-in-scope`). */
  id: string;
  /** Who makes the call. Every other principal is expected to be denied it. */
  principals: readonly IamPrincipal[];
  /** The IAM action (`service:Action`). */
  action: string;
  /** The resource ARN, built as the adapter builds it. */
  resource: (c: ArnContext) => string;
  /** Condition keys the request carries (besides `aws:SecureTransport` and the principal's keys). */
  context?: (c: ArnContext) => Record<string, string | string[]>;
  /**
   * `allow` (default): the principals must be allowed. `deny`: a probe of the scope (an untagged resource, a
   * log group outside the prefixes): nobody may be allowed.
   */
  expect?: "allow" | "deny";
  /** A catalogue action's call: expected allowed only where that action is enabled (denied for all elsewhere). */
  actionId?: string;
  /** Only in deployments where this holds; otherwise expected denied for all (a deny probe is skipped). */
  when?: (c: ArnContext) => boolean;
  /** The adapter and command that make the call. */
  source: string;
}

/** ARN in the stack's account and Region. */
export function accountArn(c: ArnContext, service: string, rest: string): string {
  return `arn:${c.partition}:${service}:${c.region}:${c.account}:${rest}`;
}

/** A variable the stack must set on the calling function (a registry entry cannot build its ARN without it). */
export function envVar(c: ArnContext, name: string): string {
  const value = c.env[name];
  if (value === undefined || value === "") {
    throw new Error(`IAM call registry: ${name} is not set on this function by the stack`);
  }
  return value;
}

/** Resource tag condition of a tagged (in-scope) or untagged (out-of-scope) target. */
export const tagged = (c: ArnContext) => ({ [`aws:ResourceTag/${c.targetTag.key}`]: c.targetTag.value });
export const untagged = (c: ArnContext) => ({ [`aws:ResourceTag/${c.targetTag.key}`]: "false" });
