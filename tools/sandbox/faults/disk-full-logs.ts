/**
 * disk-full-logs: rotated application logs pile up on an instance's root volume (no retention), so
 * disk_used_percent climbs past 90 and writes start failing with "No space left on device". Deleting the
 * rotated logs frees the space and ends the fault, but only when they are under /var/log/app, the one
 * directory the approved cleanup script touches; logs piling up anywhere else stay.
 */
import { z } from "zod";
import { intBetween } from "../random.js";
import { instanceUsage, serviceEffects } from "../world.js";
import { defineFault } from "./types.js";

/** The approved cleanup script deletes rotated files under /var/log/app and nowhere else. */
function inCleanupScope(dir: string): boolean {
  return dir === "/var/log/app" || dir.startsWith("/var/log/app/");
}

export const diskFullLogs = defineFault({
  kind: "disk-full-logs",
  summary:
    "Rotated logs fill the root volume (>90%, 'No space left on device'); fixed by cleaning rotated logs.",
  targetType: "ec2-instance",
  params: z.strictObject({
    /** disk_used_percent at fault start. */
    startPercent: z.number().min(0).max(100).default(80),
    ratePerMinute: z.number().positive().default(0.8),
    logDir: z.string().default("/var/log/app"),
    /** Share of the service's requests that fail once the disk is past 95% (requests that write to it). */
    failingShare: z.number().min(0).max(1).default(0),
  }),
  start(ctx) {
    const instance = ctx.world.instances.get(ctx.target);
    if (!instance) throw new Error(`disk-full-logs: no EC2 instance '${ctx.target}'`);
    const inScope = inCleanupScope(ctx.params.logDir);
    const start = ctx.params.startPercent - instance.baseline.diskPercent;
    if (inScope) instance.rotatedLogsPercent = Math.max(instance.rotatedLogsPercent, start);
    else instance.otherLogsPercent = Math.max(instance.otherLogsPercent, start);
    return {
      cleanupsAtStart: instance.logCleanups,
      inScope,
      pkg: `c.e.${instance.service.replace(/-/g, "")}`,
    };
  },
  tick(ctx, state) {
    const instance = ctx.world.instances.get(ctx.target);
    if (instance?.status !== "running") return;
    if (state.inScope && instance.logCleanups > state.cleanupsAtStart) return;
    const grow = Math.min(100 - instanceUsage(instance).disk, ctx.params.ratePerMinute);
    if (state.inScope) instance.rotatedLogsPercent += grow;
    else instance.otherLogsPercent += grow;
    const { disk } = instanceUsage(instance);
    const svc = instance.service;
    const dir = ctx.params.logDir;
    const freeGb = ((instance.diskSizeGb * (100 - disk)) / 100).toFixed(1);
    if (ctx.elapsed % 5 === 0) {
      const files = 180 + ctx.elapsed * 6;
      ctx.log(
        svc,
        "INFO",
        `INFO [logrotate] rotating ${dir}/${svc}.log -> ${dir}/${svc}.log.${intBetween(ctx.rand, 1, 9)}.gz (${files} rotated files kept, no maxage configured)`,
        instance.id,
      );
    }
    if (disk > 85) {
      ctx.log(
        svc,
        "WARN",
        `WARN [disk-monitor] ${state.pkg}.ops.DiskSpaceMonitor - Free disk space on / is low: ${freeGb} GB free (${Math.round(disk)}% used)`,
        instance.id,
      );
    }
    if (disk > 95 && ctx.params.failingShare > 0) {
      serviceEffects(ctx.world, svc).errorRate += ctx.params.failingShare;
    }
    if (disk > 92) {
      const n = intBetween(ctx.rand, 2, 4);
      for (let i = 0; i < n; i++) {
        ctx.log(
          svc,
          "ERROR",
          i % 2 === 0
            ? `ERROR [report-writer-${intBetween(ctx.rand, 1, 8)}] ${state.pkg}.export.ReportWriter - Failed to write /var/lib/${svc}/tmp/export-${intBetween(ctx.rand, 1000, 9999)}.csv: java.io.IOException: No space left on device`
            : `ERROR [logback-appender] ch.qos.logback.core.rolling.RollingFileAppender - IO failure in appender: java.io.IOException: No space left on device (${dir}/${svc}.log)`,
          instance.id,
        );
      }
    }
  },
  resolved(ctx, state) {
    return state.inScope && (ctx.world.instances.get(ctx.target)?.logCleanups ?? 0) > state.cleanupsAtStart;
  },
});
