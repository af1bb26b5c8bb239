/**
 * lambda-throttling: invocations of a function with reserved concurrency multiply (a backfill calls it
 * synchronously); concurrency hits the reservation and the excess is throttled with 429s, which the
 * calling service logs (or, for a queue-triggered function, its queue backs up silently). Raising the
 * reservation within the account's headroom ends it.
 */
import { z } from "zod";
import { scaleEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { lambdaLog, must, pkgOf, ramp, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

export const lambdaThrottling = defineFault({
  kind: "lambda-throttling",
  summary: "Invocations exceed a function's reserved concurrency and are throttled (429). Raise it.",
  targetType: "lambda-function",
  params: z.strictObject({
    /** Invocation multiplier once the burst has ramped up. */
    factor: z.number().min(1).default(4),
    rampMinutes: z.number().int().positive().default(3),
    /** Reserved concurrency during the fault (defaults to the function's own). */
    reservedConcurrency: z.number().int().positive().optional(),
    caller: z.string().default("backfill-job"),
    /**
     * The function is triggered by this SQS queue instead of called synchronously: throttled batches stay on
     * the queue (it drains more slowly and ages), and nobody logs a 429.
     */
    sourceQueue: z.string().optional(),
  }),
  start(ctx) {
    const fn = must(ctx.world.lambdas.get(ctx.target), "lambda-throttling", "Lambda alias", ctx.target);
    if (ctx.params.reservedConcurrency !== undefined) fn.reservedConcurrency = ctx.params.reservedConcurrency;
    if (fn.reservedConcurrency === undefined) {
      throw new Error(
        `lambda-throttling: '${ctx.target}' has no reservedConcurrency; declare one or pass it`,
      );
    }
    return { pkg: pkgOf(fn.service) };
  },
  tick(ctx, state) {
    const fn = ctx.world.lambdas.get(ctx.target);
    if (!fn) return;
    const factor = 1 + (ctx.params.factor - 1) * ramp(ctx.elapsed, ctx.params.rampMinutes);
    scaleEffect(ctx.world.effects.resources, fn.id, "invocationFactor", factor);
    const demand = (fn.invocationsPerMinute * factor * fn.durationMs) / 60_000;
    const limit = fn.reservedConcurrency ?? Number.POSITIVE_INFINITY;
    if (demand <= limit) return;
    const rejected = 1 - limit / demand;
    if (ctx.params.sourceQueue) {
      // More messages arrive than the reservation lets the poller take: the backlog grows.
      const fx = ctx.world.effects.resources;
      scaleEffect(fx, ctx.params.sourceQueue, "sentFactor", factor);
      scaleEffect(fx, ctx.params.sourceQueue, "processFactor", limit / demand);
      if (ctx.elapsed % 2 === 0) {
        lambdaLog(
          ctx,
          fn.id,
          "INFO",
          `[INFO] ${new Date(ctx.nowMs).toISOString()} ${requestId(ctx.rand)} Processed batch of 10 messages from ${ctx.params.sourceQueue} in ${intBetween(ctx.rand, 1500, 2600)} ms`,
        );
      }
      return;
    }
    serviceEffects(ctx.world, fn.service).errorRate += rejected * 0.3;
    const n = intBetween(ctx.rand, 3, 5);
    for (let i = 0; i < n; i++) {
      ctx.log(
        fn.service,
        "ERROR",
        `ERROR [${ctx.params.caller}-${intBetween(ctx.rand, 1, 16)}] ${state.pkg}.clients.LambdaInvoker - Invoke ${fn.id} failed: software.amazon.awssdk.services.lambda.model.TooManyRequestsException: Rate Exceeded. (Service: Lambda, Status Code: 429, Reason: ReservedFunctionConcurrentInvocationLimitExceeded)`,
      );
    }
  },
  resolved(ctx) {
    const fn = ctx.world.lambdas.get(ctx.target);
    if (!fn) return false;
    const demand = (fn.invocationsPerMinute * ctx.params.factor * fn.durationMs) / 60_000;
    return fn.reservedConcurrency === undefined || fn.reservedConcurrency >= demand;
  },
});
