/**
 * disk-full-data: real application data (index segments, database files) grows on an instance's volume
 * until writes fail with "No space left on device". Rotated logs are a small share of it, so cleaning
 * them frees almost nothing; only a larger volume (AWS-ExtendEbsVolume, signed off) fixes it. Growth is in
 * bytes, so on a larger volume the same growth is a smaller share of it.
 */
import { z } from "zod";
import { intBetween } from "../random.js";
import { instanceUsage } from "../world.js";
import { must, pkgOf } from "./helpers.js";
import { defineFault } from "./types.js";

export const diskFullData = defineFault({
  kind: "disk-full-data",
  summary: "Application data fills the volume (>90%); log cleanup frees almost nothing. Grow the volume.",
  targetType: "ec2-instance",
  params: z.strictObject({
    /** disk_used_percent at fault start. */
    startPercent: z.number().min(0).max(100).default(84),
    ratePerMinute: z.number().positive().default(0.5),
    /** Rotated logs on the volume (percentage points), all the cleanup script could free. */
    rotatedLogsPercent: z.number().min(0).max(20).default(1.5),
    dataDir: z.string().default("/var/lib/app/data"),
    /** Growth the capacity report prints, in GB per day. */
    growthGbPerDay: z.number().positive().default(6.5),
  }),
  start(ctx) {
    const instance = must(ctx.world.instances.get(ctx.target), "disk-full-data", "EC2 instance", ctx.target);
    instance.rotatedLogsPercent = ctx.params.rotatedLogsPercent;
    instance.dataPercent = Math.max(
      0,
      ctx.params.startPercent - instance.baseline.diskPercent - instance.rotatedLogsPercent,
    );
    return { pkg: pkgOf(instance.service), sizeAtStart: instance.diskSizeGb };
  },
  tick(ctx, state) {
    const instance = ctx.world.instances.get(ctx.target);
    if (instance?.status !== "running") return;
    instance.dataPercent = Math.min(
      100 - instance.baseline.diskPercent - instance.rotatedLogsPercent,
      instance.dataPercent + (ctx.params.ratePerMinute * state.sizeAtStart) / instance.diskSizeGb,
    );
    const { disk } = instanceUsage(instance);
    const svc = instance.service;
    const dir = ctx.params.dataDir;
    const dataGb = ((instance.dataPercent * instance.diskSizeGb) / 100).toFixed(1);
    const freeGb = ((instance.diskSizeGb * (100 - disk)) / 100).toFixed(1);
    if (ctx.elapsed % 10 === 0) {
      ctx.log(
        svc,
        "INFO",
        `INFO [capacity-report] ${state.pkg}.ops.StorageReport - data volume growth trend: +${ctx.params.growthGbPerDay} GB/day over 7 days; ${dir} holds ${dataGb} GB in ${intBetween(ctx.rand, 4000, 6000)} segments`,
        instance.id,
      );
    }
    if (disk > 86) {
      ctx.log(
        svc,
        "WARN",
        `WARN [disk-monitor] ${state.pkg}.ops.DiskSpaceMonitor - Free disk space on / is low: ${freeGb} GB free (${Math.round(disk)}% used); largest directory ${dir} (${dataGb} GB)`,
        instance.id,
      );
    }
    if (disk > 92) {
      const n = intBetween(ctx.rand, 2, 4);
      for (let i = 0; i < n; i++) {
        ctx.log(
          svc,
          "ERROR",
          `ERROR [index-writer-${intBetween(ctx.rand, 1, 4)}] ${state.pkg}.index.SegmentWriter - Failed to flush segment: java.io.IOException: No space left on device (${dir}/segment-${String(intBetween(ctx.rand, 1, 99999)).padStart(6, "0")}.dat)`,
          instance.id,
        );
      }
    }
  },
  resolved(ctx, state) {
    return (ctx.world.instances.get(ctx.target)?.diskSizeGb ?? 0) > state.sizeAtStart;
  },
});
