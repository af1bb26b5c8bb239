/**
 * iam-policy-detached: a policy is detached from a Lambda function's execution role; every call the
 * function makes with it is denied (AccessDeniedException) and its invocations fail. The detach is recorded
 * with the policy ARN in `from`; only that policy back on that role ends it (iam-reattach-role-policy, with
 * sign-off). Rolling the function back changes nothing.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { policyArn, roleArn } from "../security.js";
import type { World } from "../world.js";
import { isoAt, recordChange } from "../world.js";
import { lambdaLog, must, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

function restored(world: World, p: { role: string; policy: string }): boolean {
  return world.roles.get(p.role)?.attached.includes(policyArn(world.account, p.policy)) ?? false;
}

export const iamPolicyDetached = defineFault({
  kind: "iam-policy-detached",
  summary:
    "A policy detached from a function's role; its calls fail with AccessDenied. Re-attach it (sign-off).",
  targetType: "lambda-function",
  params: z.strictObject({
    role: z.string().default("orders-writer-role"),
    policy: z.string().default("orders-table-write"),
    apiAction: z.string().default("dynamodb:PutItem"),
    resource: z.string().default("table/orders"),
    errorRate: z.number().min(0).max(1).default(0.9),
    author: z.string().default("iam-cleanup-script (sec-tools)"),
  }),
  start(ctx) {
    const fn = must(ctx.world.lambdas.get(ctx.target), "iam-policy-detached", "Lambda alias", ctx.target);
    const arn = policyArn(ctx.world.account, ctx.params.policy);
    let role = ctx.world.roles.get(ctx.params.role);
    if (!role) {
      role = { name: ctx.params.role, service: fn.service, usedBy: [fn.id], attached: [arn] };
      ctx.world.roles.set(role.name, role);
    }
    role.attached = role.attached.filter((a) => a !== arn);
    recordChange(ctx.world, {
      time: isoAt(ctx.nowMs),
      service: fn.service,
      resourceId: roleArn(ctx.world.account, ctx.params.role),
      from: arn,
      kind: "infrastructure",
      summary: `DetachRolePolicy: policy ${ctx.params.policy} detached from role ${ctx.params.role} (execution role of ${fn.functionName})`,
      author: ctx.params.author,
    });
    return {};
  },
  tick(ctx) {
    const fn = ctx.world.lambdas.get(ctx.target);
    if (!fn || restored(ctx.world, ctx.params)) return;
    addEffect(ctx.world.effects.resources, fn.id, "errorRate", ctx.params.errorRate);
    const { account, region } = ctx.world;
    const service = ctx.params.apiAction.split(":")[0];
    for (let i = 0; i < 3; i++) {
      lambdaLog(
        ctx,
        fn.id,
        "ERROR",
        `${isoAt(ctx.nowMs)}\t${requestId(ctx.rand)}\tERROR\tInvoke Error \t{"errorType":"AccessDeniedException","errorMessage":"User: arn:aws:sts::${account}:assumed-role/${ctx.params.role}/${fn.functionName} is not authorized to perform: ${ctx.params.apiAction} on resource: arn:aws:${service}:${region}:${account}:${ctx.params.resource} because no identity-based policy allows the ${ctx.params.apiAction} action"}`,
      );
    }
  },
  resolved(ctx) {
    return restored(ctx.world, ctx.params);
  },
});
