/**
 * hung-process: the application on one instance deadlocks. The process stays up but answers nothing: its
 * load balancer health check fails, its CPU drops, and a watchdog logs blocked threads. A stop/start of
 * that instance ends the fault.
 */
import { z } from "zod";
import { intBetween } from "../random.js";
import { must, pkgOf } from "./helpers.js";
import { defineFault } from "./types.js";

export const hungProcess = defineFault({
  kind: "hung-process",
  summary:
    "One instance's application deadlocks and fails its health checks; fixed by restarting that instance.",
  targetType: "ec2-instance",
  params: z.strictObject({
    /** The lock the request threads wait on, as the thread dump names it. */
    lock: z.string().default("StockReservationLock"),
    threads: z.number().int().positive().default(200),
  }),
  start(ctx) {
    const instance = must(ctx.world.instances.get(ctx.target), "hung-process", "EC2 instance", ctx.target);
    return { restartsAtStart: instance.restarts, pkg: pkgOf(instance.service) };
  },
  tick(ctx, state) {
    const instance = ctx.world.instances.get(ctx.target);
    if (!instance || instance.restarts > state.restartsAtStart || instance.status !== "running") return;
    instance.hung = true;
    ctx.world.effects.instanceCpu.set(
      instance.id,
      (ctx.world.effects.instanceCpu.get(instance.id) ?? 0) - instance.baseline.cpuPercent * 0.7,
    );
    const n = ctx.params.threads;
    ctx.log(
      instance.service,
      "WARN",
      `WARN [watchdog] ${state.pkg}.ops.Watchdog - all worker threads blocked: ${n} of ${n} http-nio-8080-exec threads BLOCKED on <0x00000007d5f1a2b8> (a ${state.pkg}.inventory.${ctx.params.lock}) for ${(ctx.elapsed + 1) * 60}s`,
      instance.id,
    );
    ctx.log(
      instance.service,
      "ERROR",
      `ERROR [watchdog] ${state.pkg}.ops.Watchdog - health check timed out after 5000 ms (${ctx.elapsed + 3} consecutive failures); request queue depth ${intBetween(ctx.rand, 400, 900)}`,
      instance.id,
    );
  },
  resolved(ctx, state) {
    const instance = ctx.world.instances.get(ctx.target);
    return (instance?.restarts ?? 0) > state.restartsAtStart;
  },
});
