/**
 * ec2-system-check-failure: the host under an instance fails (power, network). AWS reports
 * StatusCheckFailed_System, the instance stops answering and writes no logs. A stop/start moves it to a
 * healthy host and ends the fault.
 */
import { z } from "zod";
import { must } from "./helpers.js";
import { defineFault } from "./types.js";

export const ec2SystemCheckFailure = defineFault({
  kind: "ec2-system-check-failure",
  summary: "The host under an instance is impaired (StatusCheckFailed_System); fixed by a stop/start.",
  targetType: "ec2-instance",
  params: z.strictObject({}),
  start(ctx) {
    const instance = must(
      ctx.world.instances.get(ctx.target),
      "ec2-system-check-failure",
      "EC2 instance",
      ctx.target,
    );
    return { restartsAtStart: instance.restarts };
  },
  tick(ctx, state) {
    const instance = ctx.world.instances.get(ctx.target);
    if (!instance || instance.restarts > state.restartsAtStart || instance.status !== "running") return;
    instance.systemCheckFailed = true;
    ctx.world.effects.instanceCpu.set(instance.id, -instance.baseline.cpuPercent);
  },
  resolved(ctx, state) {
    return (ctx.world.instances.get(ctx.target)?.restarts ?? 0) > state.restartsAtStart;
  },
});
