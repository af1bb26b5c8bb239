/**
 * ecs:UpdateService (force new deployment, desired count), autoscaling:UpdateAutoScalingGroup (MaxSize),
 * AWS-ExtendEbsVolume and AWS-RebootRdsInstance in the simulated account. Each changes only what the real
 * call changes: new tasks run the same revision, a larger MaxSize adds no instance by itself, a bigger volume
 * frees the same share of every directory on `/`, and a reboot drops connections but not their cause.
 */
import { z } from "zod";
import type { ActionHandler, ActionRun } from "../automation-actions.js";
import { instanceUsage, newTaskIds } from "../world.js";
import { num, record, str } from "./run.js";

const ecsOf = (run: ActionRun) => run.world.ecs.get(`${str(run, "cluster")}/${str(run, "service")}`);

function ecsMissing(run: ActionRun): string | undefined {
  return ecsOf(run)
    ? undefined
    : `ServiceNotFoundException: Service not found: ${str(run, "cluster")}/${str(run, "service")}`;
}

export const forceNewDeployment: ActionHandler = {
  params: z.object({
    cluster: z.string().min(1),
    service: z.string().min(1),
    forceNewDeployment: z.literal(true),
  }),
  minutes: 4,
  check: ecsMissing,
  finish(run) {
    const ecs = ecsOf(run);
    if (!ecs) return "service disappeared";
    ecs.taskIds = newTaskIds(run.world, ecs.desiredCount);
    ecs.runningCount = ecs.desiredCount;
    ecs.rolloutState = "COMPLETED";
    record(run, {
      service: ecs.service,
      resourceId: ecs.id,
      kind: "deployment",
      summary: `ECS service ${ecs.id} tasks replaced (force new deployment, still ${ecs.taskDefinition})`,
      from: ecs.taskDefinition,
      to: ecs.taskDefinition,
    });
    return `UpdateService: ${ecs.id} replaced ${ecs.desiredCount} task(s) on ${ecs.taskDefinition}`;
  },
};

export const setDesiredCount: ActionHandler = {
  params: z.object({
    cluster: z.string().min(1),
    service: z.string().min(1),
    desiredCount: z.number().int().min(0),
  }),
  minutes: 3,
  check: ecsMissing,
  finish(run) {
    const ecs = ecsOf(run);
    if (!ecs) return "service disappeared";
    const from = ecs.desiredCount;
    ecs.desiredCount = num(run, "desiredCount");
    ecs.runningCount = ecs.desiredCount;
    ecs.taskIds = [
      ...ecs.taskIds.slice(0, ecs.desiredCount),
      ...newTaskIds(run.world, Math.max(0, ecs.desiredCount - ecs.taskIds.length)),
    ];
    record(run, {
      service: ecs.service,
      resourceId: ecs.id,
      kind: "scaling",
      summary: `Desired count of ECS service ${ecs.id} changed from ${from} to ${ecs.desiredCount}`,
      from: String(from),
      to: String(ecs.desiredCount),
    });
    return `UpdateService: ${ecs.id} desiredCount ${ecs.desiredCount}`;
  },
};

export const updateAsgMax: ActionHandler = {
  params: z.object({ AutoScalingGroupName: z.string().min(1), MaxSize: z.number().int().min(0) }),
  minutes: 1,
  check(run) {
    const asg = run.world.asgs.get(str(run, "AutoScalingGroupName"));
    if (!asg) return `ValidationError: AutoScalingGroup name not found - ${str(run, "AutoScalingGroupName")}`;
    if (num(run, "MaxSize") < asg.minSize) {
      return `ValidationError: Max bound, ${num(run, "MaxSize")}, must be greater than or equal to min bound, ${asg.minSize}`;
    }
    return undefined;
  },
  finish(run) {
    const asg = run.world.asgs.get(str(run, "AutoScalingGroupName"));
    if (!asg) return "group disappeared";
    const from = asg.maxSize;
    asg.maxSize = num(run, "MaxSize");
    record(run, {
      service: asg.service,
      resourceId: asg.name,
      kind: "scaling",
      summary: `MaxSize of ${asg.name} changed from ${from} to ${asg.maxSize}`,
      from: String(from),
      to: String(asg.maxSize),
    });
    return `UpdateAutoScalingGroup: ${asg.name} MaxSize ${asg.maxSize} (desired ${asg.desiredCapacity})`;
  },
};

export const extendEbsVolume: ActionHandler = {
  params: z.object({
    InstanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/),
    VolumeId: z.string().regex(/^vol-[0-9a-f]{8,17}$/),
    SizeGib: z.string().regex(/^\d+$/),
    MountPoint: z.string(),
    KeepSnapshot: z.boolean().optional(),
  }),
  minutes: 8,
  check(run) {
    const instance = run.world.instances.get(str(run, "InstanceId"));
    if (!instance || instance.status === "terminated") {
      return `InvalidInstanceID.NotFound: The instance ID '${str(run, "InstanceId")}' does not exist`;
    }
    if (rootVolumeId(instance.id) !== str(run, "VolumeId")) {
      return `InvalidVolume.NotFound: The volume '${str(run, "VolumeId")}' does not exist.`;
    }
    if (Number(str(run, "SizeGib")) <= instance.diskSizeGb) {
      return `InvalidParameterValue: New size ${str(run, "SizeGib")} must be larger than the current size ${instance.diskSizeGb}`;
    }
    if (str(run, "MountPoint") !== "/")
      return `Failed to extend file system: ${str(run, "MountPoint")} is not a mount point`;
    return undefined;
  },
  finish(run) {
    const instance = run.world.instances.get(str(run, "InstanceId"));
    if (!instance) return "instance disappeared";
    const from = instance.diskSizeGb;
    const to = Number(str(run, "SizeGib"));
    // The same bytes on a bigger disk: every share of `/` shrinks by from/to.
    const scale = from / to;
    instance.baseline.diskPercent *= scale;
    instance.rotatedLogsPercent *= scale;
    instance.dataPercent *= scale;
    instance.diskSizeGb = to;
    record(run, {
      service: instance.service,
      resourceId: instance.id,
      kind: "infrastructure",
      summary: `Root volume of ${instance.id} grown from ${from} to ${to} GiB and / extended (AWS-ExtendEbsVolume)`,
      from: `${from} GiB`,
      to: `${to} GiB`,
    });
    return `ModifyVolume ${str(run, "VolumeId")}: ${from} → ${to} GiB; / extended, now ${Math.round(instanceUsage(instance).disk)}% used`;
  },
};

/** The root volume id the simulated account gives an instance (stable, derived from the instance id). */
export function rootVolumeId(instanceId: string): string {
  return `vol-${instanceId.slice(2).padEnd(17, "0").slice(0, 17)}`;
}

export const rebootRds: ActionHandler = {
  params: z.object({ InstanceId: z.string().min(1) }),
  minutes: 6,
  check(run) {
    if (!run.world.databases.get(str(run, "InstanceId"))) {
      return `DBInstanceNotFound: DBInstance ${str(run, "InstanceId")} not found.`;
    }
    return undefined;
  },
  finish(run) {
    const db = run.world.databases.get(str(run, "InstanceId"));
    if (!db) return "database disappeared";
    db.reboots += 1;
    record(run, {
      service: db.service,
      resourceId: db.id,
      kind: "infrastructure",
      summary: `RDS instance ${db.id} rebooted by AWS-RebootRdsInstance`,
    });
    return `RebootInstance: ${db.id} rebooted; WaitForAvailableState: available`;
  },
};
