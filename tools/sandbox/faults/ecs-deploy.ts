/**
 * A new task-definition revision rolled out to an ECS service, recorded in the change feed the way ECS shows
 * a deployment: the revision before it becomes the first rollback candidate. Shared by the faults that start
 * with a release (a bad deploy, a missing image, a broken queue worker).
 */

import type { EcsState } from "../world.js";
import { isoAt, recordChange, type World } from "../world.js";

export interface Rollout {
  /** The revision now running. */
  bad: string;
  /** The revision it replaced. */
  from: string;
}

export function rollOutRevision(
  world: World,
  ecs: EcsState,
  at: { nowMs: number; author: string; imageTag: string; revision?: string },
): Rollout {
  const [family = ecs.serviceName, revision = "0"] = ecs.taskDefinition.split(":");
  const bad = at.revision ?? `${family}:${Number(revision) + 1}`;
  const from = ecs.taskDefinition;
  ecs.previousTaskDefinitions = [from, ...ecs.previousTaskDefinitions.filter((t) => t !== from && t !== bad)];
  ecs.taskDefinition = bad;
  recordChange(world, {
    time: isoAt(at.nowMs),
    service: ecs.service,
    resourceId: ecs.id,
    kind: "deployment",
    summary: `ECS deployment of ${bad} to ${ecs.id} (image ${ecs.serviceName}:${at.imageTag})`,
    from,
    to: bad,
    author: at.author,
  });
  return { bad, from };
}
