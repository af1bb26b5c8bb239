/**
 * AWSSupport-ContainEC2Instance as the simulated account runs it. Contain: backs up the instance's security
 * groups (to S3 in AWS), moves its interfaces to a containment group that allows no traffic, creates a backup
 * image (snapshots of its volumes) for forensics, and puts an Auto Scaling member in Standby, so it leaves the
 * target group but keeps running: memory and disks stay as they were. Release: restores the backed-up groups
 * and returns the instance to service. It never stops or terminates anything.
 */
import { z } from "zod";
import type { ActionHandler, ActionRun } from "../automation-actions.js";
import { hex } from "../random.js";
import { nextRand } from "../world.js";
import { record, str } from "./run.js";

const liveInstance = (run: ActionRun) => {
  const i = run.world.instances.get(str(run, "InstanceId"));
  return i && i.status !== "terminated" ? i : undefined;
};

/** Security groups attached to the instance or to its Auto Scaling group. */
function groupsOf(run: ActionRun, instanceId: string, asg: string | undefined): string[] {
  return [...run.world.securityGroups.values()]
    .filter((g) => g.attachedTo.includes(instanceId) || (asg !== undefined && g.attachedTo.includes(asg)))
    .map((g) => g.id);
}

export const containInstance: ActionHandler = {
  params: z.object({
    InstanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/, "an EC2 instance id"),
    Action: z.enum(["Contain", "Release"]),
  }),
  minutes: 5,
  check(run) {
    const instance = liveInstance(run);
    if (!instance) {
      return `Step fails when it is Executing. InvalidInstanceID.NotFound: The instance ID '${str(run, "InstanceId")}' does not exist`;
    }
    if (str(run, "Action") === "Release" && !run.world.contained.has(instance.id)) {
      return `Step fails when it is Executing. No security group backup found for ${instance.id}: the instance was not contained`;
    }
    return undefined;
  },
  finish(run) {
    const instance = liveInstance(run);
    if (!instance) return "instance disappeared";
    const world = run.world;
    if (str(run, "Action") === "Release") {
      const backup = world.contained.get(instance.id);
      world.contained.delete(instance.id);
      record(run, {
        service: instance.service,
        resourceId: instance.id,
        kind: "infrastructure",
        summary: `AWSSupport-ContainEC2Instance (Release): ${instance.id} back on its security groups${backup?.standbyFrom ? `, out of Standby in ${backup.standbyFrom}` : ""}`,
        to: backup?.groupsBackup.join(",") ?? "",
      });
      return `Release: ${instance.id} restored to ${backup?.groupsBackup.join(", ") || "its security groups"}`;
    }
    if (world.contained.has(instance.id)) return `Contain: ${instance.id} is already contained`;
    const rand = nextRand(world, "containment");
    const groupsBackup = groupsOf(run, instance.id, instance.group);
    const containment = {
      groupsBackup,
      ...(instance.group ? { standbyFrom: instance.group } : {}),
      imageId: `ami-${hex(rand, 17)}`,
      snapshotIds: [`snap-${hex(rand, 17)}`],
    };
    world.contained.set(instance.id, containment);
    record(run, {
      service: instance.service,
      resourceId: instance.id,
      kind: "infrastructure",
      summary: `AWSSupport-ContainEC2Instance (Contain): ${instance.id} moved to a containment security group, backup image ${containment.imageId}${instance.group ? `, Standby in ${instance.group}` : ""}`,
      from: groupsBackup.join(","),
      to: "containment",
    });
    return `Contain: security groups backed up (${groupsBackup.join(", ") || "none"}), ${instance.id} isolated, image ${containment.imageId} (${containment.snapshotIds.join(", ")})${instance.group ? `, Standby in ${instance.group}` : ""}`;
  },
};
