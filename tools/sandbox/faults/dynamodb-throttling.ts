/**
 * dynamodb-throttling: a bulk import writes to a provisioned DynamoDB table faster than its write capacity.
 * Writes throttle (ProvisionedThroughputExceededException), callers retry and some requests fail. Switching
 * to on-demand or raising capacity ends it, unless the writes hit one hot partition key (`hotPartition`):
 * a partition's own limit throttles in any billing mode.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { consumersOf, must, pkgOf, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

export const dynamodbThrottling = defineFault({
  kind: "dynamodb-throttling",
  summary:
    "Writes exceed a provisioned table's capacity and throttle; more capacity fixes it unless one key is hot.",
  targetType: "dynamodb-table",
  params: z.strictObject({
    /** Extra write capacity units per second the import consumes. */
    extraWriteUnits: z.number().positive().default(260),
    errorRate: z.number().min(0).max(1).default(0.08),
    source: z.string().default("catalog-bulk-import"),
    /** All writes go to one partition key: throttled by the partition's limit whatever the capacity. */
    hotPartition: z.boolean().default(false),
  }),
  start(ctx) {
    must(ctx.world.tables.get(ctx.target), "dynamodb-throttling", "DynamoDB table", ctx.target);
    return {};
  },
  tick(ctx) {
    const table = ctx.world.tables.get(ctx.target);
    if (!table) return;
    const share = ramp(ctx.elapsed, 3);
    addEffect(ctx.world.effects.resources, table.name, "writeUnits", ctx.params.extraWriteUnits * share);
    const demand = table.baseline.writeUnits + ctx.params.extraWriteUnits * share;
    // One partition serves at most 1,000 WCU; a hot key is throttled past that in either billing mode.
    const hot = ctx.params.hotPartition ? Math.max(0, ctx.params.extraWriteUnits * share - 1000 / 4) : 0;
    if (hot > 0) addEffect(ctx.world.effects.resources, table.name, "hotWriteThrottles", hot * 60 * 0.5);
    const over = hot > 0 || (table.billingMode === "provisioned" && demand > table.writeCapacityUnits);
    for (const caller of consumersOf(ctx.world, table.service)) {
      const pkg = pkgOf(caller.name);
      if (ctx.elapsed % 5 === 0) {
        ctx.log(
          caller.name,
          "INFO",
          `INFO [import-worker-1] ${pkg}.imports.BulkImporter - ${ctx.params.source}: writing batch ${ctx.elapsed + 1} to ${table.name} (25 items per BatchWriteItem, 40 parallel writers)`,
        );
      }
      if (!over) continue;
      serviceEffects(ctx.world, caller.name).errorRate += ctx.params.errorRate * share;
      const n = intBetween(ctx.rand, 3, 5);
      for (let i = 0; i < n; i++) {
        ctx.log(
          caller.name,
          i === 0 ? "ERROR" : "WARN",
          `${i === 0 ? "ERROR" : "WARN"} [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkg}.repo.ItemWriter - PutItem on ${table.name} throttled: software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API. (Service: DynamoDb, Status Code: 400)`,
        );
      }
    }
  },
  resolved(ctx) {
    const table = ctx.world.tables.get(ctx.target);
    if (!table || ctx.params.hotPartition) return false;
    return (
      table.billingMode === "on-demand" ||
      table.writeCapacityUnits >= table.baseline.writeUnits + ctx.params.extraWriteUnits
    );
  },
});
