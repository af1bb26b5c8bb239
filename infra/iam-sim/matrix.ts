/**
 * The IAM matrix: every registry call (`tools/aws/iam-calls.ts`) simulated for every principal of the stack
 * against its synthesized policies with `@cloud-copilot/iam-simulate`, plus the resource-policy checks
 * (`resource-checks.ts`). Expected: the call's principals allowed, every other principal denied, scope
 * probes denied for everyone.
 */
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { Stack } from "aws-cdk-lib";
import { type ArnContext, IAM_CALLS, type IamCall, type IamPrincipal } from "../../tools/aws/iam-calls.js";
import type { ResponderConfig } from "../config.js";
import {
  type PolicyDocument,
  policyFor,
  principalPolicies,
  type ResourcePolicy,
  resourcePolicies,
  type SimPrincipal,
  stackRoles,
} from "./policies.js";
import { type Account, type TemplateJson, TemplateResolver } from "./resolve.js";
import { RESOURCE_CHECKS } from "./resource-checks.js";

export type Decision = "allow" | "deny";

export interface MatrixRow {
  /** Registry call id or resource check id. */
  id: string;
  principal: string;
  action: string;
  resource: string;
  expected: Decision;
  actual: Decision | "error";
  /** Simulator errors, or the statement that decided. */
  detail?: string;
}

export interface MatrixSummary {
  checked: number;
  allowed: number;
  denied: number;
  unexpectedAllows: number;
  unexpectedDenies: number;
  errors: number;
}

export interface IamMatrix {
  rows: MatrixRow[];
  summary: MatrixSummary;
}

export const SIM_ACCOUNT: Account = { partition: "aws", region: "us-east-1", account: "111122223333" };

export interface SimRequest {
  principal: string;
  identityPolicies: { name: string; policy: PolicyDocument }[];
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  resourcePolicy?: PolicyDocument;
}

/** One simulated request; validation problems (unknown action, ARN of the wrong type) come back as errors. */
export async function simulate(
  req: SimRequest,
  where: Account = SIM_ACCOUNT,
): Promise<{ actual: Decision | "error"; detail?: string }> {
  const simulation: Simulation = {
    identityPolicies: req.identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(req.resourcePolicy ? { resourcePolicy: req.resourcePolicy } : {}),
    request: {
      action: req.action,
      principal: req.principal,
      resource: { resource: req.resource, accountId: where.account },
      contextVariables: { "aws:SecureTransport": "true", ...req.context },
    },
  } as Simulation;
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") {
    // iam-data's ARN formats all carry an account; Amazon-owned SSM documents and automation definitions
    // have none (`arn:aws:ssm:REGION::document/AWS-…`). Those are evaluated without the ARN-type check.
    if (result.errors.message === "no.resource.types" && /^arn:[^:]+:ssm:[^:]*::/.test(req.resource)) {
      const unsafe = runUnsafeSimulation(simulation, {});
      return {
        actual: unsafe === "Allowed" ? "allow" : "deny",
        detail: `${unsafe} (Amazon-owned ARN, type unchecked)`,
      };
    }
    return { actual: "error", detail: JSON.stringify(result.errors) };
  }
  return { actual: result.overallResult === "Allowed" ? "allow" : "deny", detail: result.overallResult };
}

function expectedFor(call: IamCall, principal: IamPrincipal, ctx: ArnContext): Decision {
  if (call.expect === "deny") return "deny";
  if (call.when && !call.when(ctx)) return "deny";
  if (call.actionId !== undefined && !ctx.enabledActions.includes(call.actionId)) return "deny";
  return call.principals.includes(principal) ? "allow" : "deny";
}

type StackWithRoles = Parameters<typeof stackRoles>[0];

/** Simulates the registry and the resource checks against one synthesized stack. */
export async function iamMatrix(
  stack: Stack,
  template: TemplateJson,
  config: ResponderConfig,
  calls: readonly IamCall[] = IAM_CALLS,
  where: Account = SIM_ACCOUNT,
): Promise<IamMatrix> {
  const resolver = new TemplateResolver(template, where);
  const principals: SimPrincipal[] = stackRoles(stack as StackWithRoles).map((r) =>
    principalPolicies(template, resolver, r),
  );
  const resources: ResourcePolicy[] = resourcePolicies(template, resolver);
  const worker = principals.find((p) => p.name === "worker");
  const base = {
    ...where,
    targetTag: { key: config.targetTagKey, value: config.targetTagValue },
    enabledActions: config.enabledActions,
    logGroupPrefixes: config.logGroupPrefixes,
    // The id the stack resolved for this Region (`auto` becomes a profile), as the worker receives it.
    bedrockModelId: worker?.env.AIR_BEDROCK_MODEL_ID ?? "",
    knowledgeBaseId: config.knowledgeBaseId,
  };
  const rows: MatrixRow[] = [];
  for (const call of calls) {
    // A scope probe that does not apply to this deployment (e.g. prefixes when none are set) is skipped.
    if (call.expect === "deny" && call.when && !call.when({ ...base, env: {} })) continue;
    // Resources are built from the environment of the function that makes the call (the worker for probes).
    const owner = principals.find((p) => p.name === call.principals[0]) ?? worker;
    const ctx: ArnContext = { ...base, env: owner?.env ?? {} };
    let resource: string;
    let context: Record<string, string | string[]>;
    try {
      resource = call.resource(ctx);
      context = call.context?.(ctx) ?? {};
    } catch (error) {
      rows.push({
        id: call.id,
        principal: call.principals.join(",") || "-",
        action: call.action,
        resource: "?",
        expected: "allow",
        actual: "error",
        detail: (error as Error).message,
      });
      continue;
    }
    for (const p of principals) {
      const expected = expectedFor(call, p.name, ctx);
      const { actual, detail } = await simulate(
        {
          principal: p.roleArn,
          identityPolicies: p.policies,
          action: call.action,
          resource,
          context: { "aws:PrincipalArn": p.roleArn, "aws:PrincipalAccount": where.account, ...context },
          ...(policyFor(resources, resource)
            ? { resourcePolicy: policyFor(resources, resource)?.policy }
            : {}),
        },
        where,
      );
      rows.push({
        id: call.id,
        principal: p.name,
        action: call.action,
        resource,
        expected,
        actual,
        ...(actual === "error" || actual !== expected ? { detail } : {}),
      });
    }
  }
  for (const check of RESOURCE_CHECKS) {
    for (const target of check.targets(resolver)) {
      const resourcePolicy = policyFor(resources, target.resource)?.policy;
      const { actual, detail } = await simulate(
        {
          ...check.request(target, where),
          resource: target.resource,
          ...(resourcePolicy ? { resourcePolicy } : {}),
        },
        where,
      );
      rows.push({
        id: `${check.id}:${target.name}`,
        principal: check.principal,
        action: check.action,
        resource: target.resource,
        expected: check.expected,
        actual,
        ...(actual !== check.expected ? { detail } : {}),
      });
    }
  }
  return { rows, summary: summarise(rows) };
}

export function summarise(rows: readonly MatrixRow[]): MatrixSummary {
  return {
    checked: rows.length,
    allowed: rows.filter((r) => r.actual === "allow").length,
    denied: rows.filter((r) => r.actual === "deny").length,
    unexpectedAllows: rows.filter((r) => r.expected === "deny" && r.actual === "allow").length,
    unexpectedDenies: rows.filter((r) => r.expected === "allow" && r.actual !== "allow").length,
    errors: rows.filter((r) => r.actual === "error").length,
  };
}
