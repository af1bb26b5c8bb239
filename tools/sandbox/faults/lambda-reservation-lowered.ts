/**
 * lambda-reservation-lowered: someone set a function's reserved concurrency to 0 (or far below its load)
 * by hand — to pause it during an earlier incident, or by a typo in a console edit — and never restored
 * it. Every invocation beyond the reservation is throttled (429 ReservedFunctionConcurrentInvocationLimit
 * Exceeded) although demand is ordinary. The change feed records the edit. Resolved once the reservation
 * is gone or covers the function's normal concurrency; a code rollback leaves the reservation in place.
 */
import { z } from "zod";
import { intBetween } from "../random.js";
import type { LambdaState } from "../world.js";
import { isoAt, recordChange, serviceEffects } from "../world.js";
import { must, pkgOf } from "./helpers.js";
import { defineFault } from "./types.js";

/** Concurrent executions the function's ordinary load needs. */
function needed(fn: LambdaState): number {
  return (fn.invocationsPerMinute * fn.durationMs) / 60_000;
}

export const lambdaReservationLowered = defineFault({
  kind: "lambda-reservation-lowered",
  summary:
    "A manual edit left a function's reserved concurrency at 0 (or far too low); remove the reservation.",
  targetType: "lambda-function",
  params: z.strictObject({
    reservedConcurrency: z.number().int().nonnegative().default(0),
    author: z.string().default("console (assumed-role/ops-admin/dana.k)"),
    /** Who calls the function synchronously and logs the 429s. */
    caller: z.string().default("api"),
  }),
  start(ctx) {
    const fn = must(
      ctx.world.lambdas.get(ctx.target),
      "lambda-reservation-lowered",
      "Lambda alias",
      ctx.target,
    );
    const from = fn.reservedConcurrency === undefined ? "unreserved" : String(fn.reservedConcurrency);
    fn.reservedConcurrency = ctx.params.reservedConcurrency;
    recordChange(ctx.world, {
      time: isoAt(ctx.nowMs),
      service: fn.service,
      resourceId: fn.id,
      kind: "config",
      summary: `PutFunctionConcurrency on ${fn.functionName}: reserved concurrency ${from} → ${ctx.params.reservedConcurrency}`,
      from,
      to: String(ctx.params.reservedConcurrency),
      author: ctx.params.author,
    });
    return { pkg: pkgOf(fn.service) };
  },
  tick(ctx, state) {
    const fn = ctx.world.lambdas.get(ctx.target);
    if (!fn || fn.reservedConcurrency === undefined) return;
    const demand = needed(fn);
    if (demand <= fn.reservedConcurrency) return;
    const rejected = 1 - fn.reservedConcurrency / demand;
    serviceEffects(ctx.world, fn.service).errorRate += rejected * 0.4;
    for (let i = 0; i < intBetween(ctx.rand, 3, 5); i++) {
      ctx.log(
        fn.service,
        "ERROR",
        `ERROR [${ctx.params.caller}-exec-${intBetween(ctx.rand, 1, 32)}] ${state.pkg}.clients.LambdaInvoker - Invoke ${fn.id} failed: software.amazon.awssdk.services.lambda.model.TooManyRequestsException: Rate Exceeded. (Service: Lambda, Status Code: 429, Reason: ReservedFunctionConcurrentInvocationLimitExceeded)`,
      );
    }
  },
  resolved(ctx) {
    const fn = ctx.world.lambdas.get(ctx.target);
    if (!fn) return false;
    return fn.reservedConcurrency === undefined || fn.reservedConcurrency >= needed(fn);
  },
});
