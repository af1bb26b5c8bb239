/**
 * recursive-lambda-loop: a function writes its output into the bucket that triggers it, so every
 * invocation causes another. Invocations (and the bill) grow minute by minute until Lambda's loop
 * detection starts dropping them. Setting reserved concurrency to 0 breaks the chain (no invocation runs,
 * so none writes the next object); more concurrency only feeds it.
 */
import { z } from "zod";
import { addEffect, scaleEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { lambdaLog, must, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

export const recursiveLambdaLoop = defineFault({
  kind: "recursive-lambda-loop",
  summary:
    "A function re-triggers itself through its own bucket; invocations explode. Stop it (concurrency 0).",
  targetType: "lambda-function",
  params: z.strictObject({
    /** Growth of invocations per minute. */
    growth: z.number().min(1).default(1.7),
    /** Highest multiple of normal invocations. */
    maxFactor: z.number().min(1).default(40),
    bucket: z.string().default("media-uploads"),
    /** Minutes before Lambda's recursion detection starts dropping invocations. */
    detectionMinutes: z.number().int().nonnegative().default(6),
    /** Object keys the function reads and writes (`{n}` is a random number) and what it says it writes. */
    inputKey: z.string().default("thumbnails/img-{n}.jpg"),
    outputKey: z.string().default("thumbnails/img-{n}-w320.jpg"),
    output: z.string().default("resized output"),
  }),
  start(ctx) {
    must(ctx.world.lambdas.get(ctx.target), "recursive-lambda-loop", "Lambda alias", ctx.target);
    return { broken: false };
  },
  tick(ctx, state) {
    const fn = ctx.world.lambdas.get(ctx.target);
    if (!fn) return;
    if (fn.reservedConcurrency === 0) state.broken = true;
    if (state.broken) return;
    const factor = Math.min(ctx.params.maxFactor, ctx.params.growth ** (ctx.elapsed + 1));
    scaleEffect(ctx.world.effects.resources, fn.id, "invocationFactor", factor);
    if (ctx.elapsed >= ctx.params.detectionMinutes) {
      addEffect(
        ctx.world.effects.resources,
        fn.id,
        "recursiveDropped",
        fn.invocationsPerMinute * factor * 0.05,
      );
    }
    const bucket = ctx.params.bucket;
    for (let i = 0; i < 3; i++) {
      const n = String(intBetween(ctx.rand, 100000, 999999));
      const { inputKey, outputKey, output } = ctx.params;
      lambdaLog(
        ctx,
        fn.id,
        "INFO",
        `[INFO] ${requestId(ctx.rand)} Processing s3://${bucket}/${inputKey.replaceAll("{n}", n)} -> writing ${output} to s3://${bucket}/${outputKey.replaceAll("{n}", n)} (same bucket as the trigger)`,
      );
    }
    if (ctx.elapsed >= ctx.params.detectionMinutes) {
      lambdaLog(
        ctx,
        fn.id,
        "WARN",
        `[WARN] Lambda detected that ${fn.functionName} is part of a recursive invocation loop (S3 -> Lambda -> S3) and stopped some invocations: RecursiveInvocationException`,
      );
    }
  },
  resolved(_ctx, state) {
    return state.broken;
  },
});
