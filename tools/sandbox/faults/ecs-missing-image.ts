/**
 * ecs-missing-image: a new task definition revision points at an image tag that was never pushed. New
 * tasks fail with CannotPullContainerError, the rolling deployment stalls with half the tasks stopped, and
 * the survivors run hot. Rolling back to any earlier revision ends the fault.
 */
import { z } from "zod";
import { hex } from "../random.js";
import { newTaskIds } from "../world.js";
import { rollOutRevision } from "./ecs-deploy.js";
import { must } from "./helpers.js";
import { defineFault } from "./types.js";

export const ecsMissingImage = defineFault({
  kind: "ecs-missing-image",
  summary: "A new ECS revision references an image tag that does not exist; tasks cannot start. Roll back.",
  targetType: "ecs-service",
  params: z.strictObject({
    badRevision: z
      .string()
      .regex(/^[\w-]+:\d+$/)
      .optional(),
    /** Image tag the revision references (never pushed to ECR). */
    imageTag: z.string().optional(),
    /** Share of the desired tasks ECS keeps running during the stalled deployment. */
    minimumHealthyPercent: z.number().int().min(0).max(100).default(50),
    author: z.string().default("ci-pipeline"),
  }),
  start(ctx) {
    const ecs = must(ctx.world.ecs.get(ctx.target), "ecs-missing-image", "ECS service", ctx.target);
    const tag = ctx.params.imageTag ?? hex(ctx.rand, 7);
    const image = `${ctx.world.account}.dkr.ecr.${ctx.world.region}.amazonaws.com/${ecs.serviceName}:${tag}`;
    const { bad } = rollOutRevision(ctx.world, ecs, {
      nowMs: ctx.nowMs,
      author: ctx.params.author,
      imageTag: tag,
      ...(ctx.params.badRevision ? { revision: ctx.params.badRevision } : {}),
    });
    return { bad, image };
  },
  tick(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    if (!ecs || ecs.taskDefinition !== state.bad) return;
    const keep = Math.ceil((ecs.desiredCount * ctx.params.minimumHealthyPercent) / 100);
    ecs.runningCount = Math.max(
      keep,
      ecs.desiredCount - Math.ceil(((ctx.elapsed + 1) * ecs.desiredCount) / 4),
    );
    ecs.rolloutState = "IN_PROGRESS";
    const failing = ecs.desiredCount - ecs.runningCount;
    ecs.failedTasks += failing;
    const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${state.image}: not found`;
    ecs.lastEvent = `(service ${ecs.serviceName}) failed to launch a task with (error ${reason}).`;
    ecs.taskIds = ecs.taskIds.slice(0, ecs.runningCount);
    for (let i = 0; i < Math.min(3, failing); i++) {
      const task = newTaskIds(ctx.world, 1)[0] ?? hex(ctx.rand, 32);
      ctx.log(
        ecs.service,
        "ERROR",
        `ERROR [ecs-agent] Task ${task} (${state.bad}) stopped: Essential container in task exited. StoppedReason: ${reason}`,
        `ecs/${ecs.serviceName}/${task}`,
      );
    }
    if (ctx.elapsed % 3 === 0) {
      ctx.log(
        ecs.service,
        "WARN",
        `WARN [ecs-agent] service ${ecs.serviceName} deployment ${state.bad} has ${ecs.failedTasks} failed task(s); running ${ecs.runningCount} of ${ecs.desiredCount}`,
        "ecs-events",
      );
    }
  },
  resolved(ctx, state) {
    return ctx.world.ecs.get(ctx.target)?.taskDefinition !== state.bad;
  },
});
