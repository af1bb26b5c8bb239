/**
 * bad-lambda-deploy: a newly published version is put behind the function's alias and throws on every
 * other event (a TypeError in Node, or an import error). Errors rise on the alias; pointing the alias back
 * at any earlier version ends the fault.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { isoAt, recordChange } from "../world.js";
import { lambdaLog, must, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

export const badLambdaDeploy = defineFault({
  kind: "bad-lambda-deploy",
  summary: "A new Lambda version behind the alias throws on invocations; fixed by moving the alias back.",
  targetType: "lambda-function",
  params: z.strictObject({
    /** Version published at fault start; defaults to the next number. */
    badVersion: z.string().regex(/^\d+$/).optional(),
    /** Share of invocations that fail. */
    errorRate: z.number().min(0).max(1).default(0.3),
    /** How the new code fails. */
    failure: z.enum(["type-error", "import-error"]).default("type-error"),
    author: z.string().default("ci-pipeline"),
  }),
  start(ctx) {
    const fn = must(ctx.world.lambdas.get(ctx.target), "bad-lambda-deploy", "Lambda alias", ctx.target);
    const from = fn.aliasVersion;
    const bad = ctx.params.badVersion ?? String(Number(from) + 1);
    fn.previousVersions = [from, ...fn.previousVersions.filter((v) => v !== from && v !== bad)];
    fn.aliasVersion = bad;
    recordChange(ctx.world, {
      time: isoAt(ctx.nowMs),
      service: fn.service,
      resourceId: fn.id,
      kind: "deployment",
      summary: `Lambda ${fn.functionName} version ${bad} published and alias ${fn.alias} moved from ${from} to ${bad}`,
      from,
      to: bad,
      author: ctx.params.author,
    });
    return { bad };
  },
  tick(ctx, state) {
    const fn = ctx.world.lambdas.get(ctx.target);
    if (!fn || fn.aliasVersion !== state.bad) return;
    addEffect(ctx.world.effects.resources, fn.id, "errorRate", ctx.params.errorRate);
    const lines = 3 + Math.floor(ctx.rand() * 3);
    for (let i = 0; i < lines; i++) {
      const id = requestId(ctx.rand);
      const message =
        ctx.params.failure === "import-error"
          ? `[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'orjson'\nTraceback (most recent call last):\nRequestId: ${id}`
          : `${isoAt(ctx.nowMs)}\t${id}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'address')","stack":["TypeError: Cannot read properties of undefined (reading 'address')","    at buildMessage (/var/task/index.js:88:31)","    at Runtime.handler (/var/task/index.js:41:19)"]}`;
      lambdaLog(ctx, fn.id, "ERROR", message);
    }
  },
  resolved(ctx, state) {
    return ctx.world.lambdas.get(ctx.target)?.aliasVersion !== state.bad;
  },
});
