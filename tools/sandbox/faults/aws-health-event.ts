/**
 * aws-health-event: AWS has an operational issue with a service we depend on (DynamoDB here) in our
 * Region. Calls to the table fail with 500s and retries; every service using it returns errors, and AWS
 * Health posts the event. Nothing of ours fixes it; it ends when AWS resolves it (its duration).
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { consumersOf, must, pkgOf, ramp, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

export const awsHealthEvent = defineFault({
  kind: "aws-health-event",
  summary: "An AWS-side DynamoDB issue in the Region fails our calls (500s); wait for AWS and escalate.",
  targetType: "dynamodb-table",
  params: z.strictObject({
    eventTypeCode: z.string().default("AWS_DYNAMODB_OPERATIONAL_ISSUE"),
    /** Share of our requests that fail while AWS has the issue. */
    errorRate: z.number().min(0).max(1).default(0.18),
    latencyMs: z.number().nonnegative().default(600),
  }),
  start(ctx) {
    must(ctx.world.tables.get(ctx.target), "aws-health-event", "DynamoDB table", ctx.target);
    return {};
  },
  tick(ctx) {
    const table = ctx.world.tables.get(ctx.target);
    if (!table) return;
    const share = ramp(ctx.elapsed, 2);
    addEffect(ctx.world.effects.resources, table.name, "systemErrors", 120 * share);
    const region = ctx.world.region.toUpperCase();
    for (const caller of consumersOf(ctx.world, table.service)) {
      const effects = serviceEffects(ctx.world, caller.name);
      effects.errorRate += ctx.params.errorRate * share;
      effects.latencyMs += ctx.params.latencyMs * share;
      const pkg = pkgOf(caller.name);
      if (ctx.elapsed % 10 === 0) {
        ctx.log(
          caller.name,
          "WARN",
          `WARN [aws-health] ${pkg}.ops.HealthEventListener - AWS Health event ${ctx.params.eventTypeCode} (${ctx.world.region}, open): Increased error rates and latencies for DynamoDB API requests in the ${region} Region`,
        );
      }
      const n = intBetween(ctx.rand, 3, 5);
      for (let i = 0; i < n; i++) {
        ctx.log(
          caller.name,
          i % 2 === 0 ? "ERROR" : "WARN",
          i % 2 === 0
            ? `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkg}.repo.${table.name.replace(/[^a-z]/gi, "")}Repository - DynamoDB Query on ${table.name} failed: software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException: Internal server error (Service: DynamoDb, Status Code: 500, Request ID: ${requestId(ctx.rand).toUpperCase()})`
            : `WARN [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkg}.repo.RetryPolicy - SDK retry 3/3 for DynamoDb.PutItem on ${table.name}: Service Unavailable (Status Code: 503)`,
        );
      }
    }
  },
  resolved() {
    return false;
  },
});
