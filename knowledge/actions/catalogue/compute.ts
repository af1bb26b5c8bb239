/** ECS task replacement and count, Auto Scaling max size, EBS growth, RDS reboot. */
import { z } from "zod";
import type { ResourceDescription } from "../../../tools/domain/index.js";
import type { ActionDefinition } from "../types.js";
import {
  attr,
  awsId,
  groupCpu,
  instanceId,
  moreThanDoubles,
  numAttr,
  oneAtATime,
  plainName,
  refuse,
  targetGroup5xx,
} from "./shared.js";

const ecsTarget = { cluster: plainName("cluster"), service: plainName("service") };

const ecs5xx = (_p: unknown, target: ResourceDescription) => targetGroup5xx(target, 15);

export const ecsForceNewDeployment: ActionDefinition = {
  id: "ecs-force-new-deployment",
  title: "Replace an ECS service's tasks with fresh ones (same task definition)",
  description:
    "ecs:UpdateService with forceNewDeployment: a rolling replacement of every task on the same revision, " +
    "respecting the service's minimum healthy percent. Clears hung or leaking tasks; changes no code or config.",
  targetType: "ecs-service",
  params: z.strictObject({ ...ecsTarget, forceNewDeployment: z.literal(true) }),
  risk: "low",
  reversible: false,
  executor: { type: "api", operation: "ecs:UpdateService" },
  targetOf: (p) => `${p.cluster}/${p.service}`,
  blastRadius(p, context) {
    const affected = [`${p.cluster}/${p.service}`];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "rolloutState") === "IN_PROGRESS") {
      return refuse(
        "a deployment is already in progress; replacing tasks now would stack deployments",
        affected,
      );
    }
    if (numAttr(context.target, "desiredCount") < 2) {
      return refuse("a single task: replacing it leaves no task serving meanwhile", affected);
    }
    return {
      allowed: true,
      reason: `rolling replacement of ${numAttr(context.target, "desiredCount")} task(s)`,
      affected,
    };
  },
  successSignal: ecs5xx,
};

export const ecsDesiredCount: ActionDefinition = {
  id: "ecs-set-desired-count",
  title: "Change an ECS service's desired task count within its configured limits",
  description:
    "ecs:UpdateService desiredCount, at most doubling, never above the service's maxCount (its Application " +
    "Auto Scaling maximum) nor below its minCount. Scale-in removes capacity: medium.",
  targetType: "ecs-service",
  params: z.strictObject({ ...ecsTarget, desiredCount: z.number().int().min(0).max(1000) }),
  risk: "low",
  riskFor: (p, target) => (Number(p.desiredCount) < numAttr(target, "desiredCount") ? "medium" : "low"),
  narrows: (asked, edited, target) => {
    if (asked.cluster !== edited.cluster || asked.service !== edited.service) return false;
    const current = numAttr(target, "desiredCount");
    const want = Number(asked.desiredCount) - current;
    const got = Number(edited.desiredCount) - current;
    return Math.sign(got) === Math.sign(want) && Math.abs(got) <= Math.abs(want);
  },
  reversible: true,
  executor: { type: "api", operation: "ecs:UpdateService" },
  targetOf: (p) => `${p.cluster}/${p.service}`,
  blastRadius(p, context) {
    const affected = [`${p.cluster}/${p.service}`];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const current = numAttr(context.target, "desiredCount");
    const wanted = Number(p.desiredCount);
    const max = numAttr(context.target, "maxCount") || current;
    const min = numAttr(context.target, "minCount");
    if (wanted === current) return refuse(`the service already wants ${current} task(s)`, affected);
    if (wanted > max) return refuse(`${wanted} exceeds the service's maximum of ${max} tasks`, affected);
    if (wanted < min) return refuse(`${wanted} is below the service's minimum of ${min} tasks`, affected);
    if (moreThanDoubles(current, wanted))
      return refuse(`${current} → ${wanted} more than doubles the service`, affected);
    return { allowed: true, reason: `${current} → ${wanted} task(s) (max ${max})`, affected };
  },
  successSignal: (p) => ({
    namespace: "AWS/ECS",
    metric: "CPUUtilization",
    dimensions: { ClusterName: String(p.cluster), ServiceName: String(p.service) },
    stat: "Average",
    recoveredWhen: "below",
    threshold: 70,
    datapoints: 3,
    deadlineMinutes: 15,
  }),
  projects: (p) => ({ desiredCount: Number(p.desiredCount) }),
  rollback: (p, before) => ({
    actionId: "ecs-set-desired-count",
    params: { cluster: p.cluster, service: p.service, desiredCount: numAttr(before, "desiredCount") },
  }),
};

export const asgRaiseMax: ActionDefinition = {
  id: "asg-raise-max-size",
  title: "Raise an Auto Scaling group's maximum size up to its configured ceiling",
  description:
    "autoscaling:UpdateAutoScalingGroup MaxSize, never above the ceiling the platform team set on the group " +
    "(tag air:max-size-ceiling) and at most doubling. The group's own policies then add instances; the " +
    "rollback restores the recorded maximum.",
  targetType: "autoscaling-group",
  params: z.strictObject({
    AutoScalingGroupName: plainName("Auto Scaling group"),
    MaxSize: z.number().int().min(1).max(1000),
  }),
  risk: "low",
  riskFor: (p, target) => (Number(p.MaxSize) < numAttr(target, "maxSize") ? "medium" : "low"),
  reversible: true,
  executor: { type: "api", operation: "autoscaling:UpdateAutoScalingGroup" },
  targetOf: (p) => String(p.AutoScalingGroupName),
  blastRadius(p, context) {
    const affected = [String(p.AutoScalingGroupName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const current = numAttr(context.target, "maxSize");
    const wanted = Number(p.MaxSize);
    const ceiling = numAttr(context.target, "maxSizeCeiling");
    if (ceiling === 0)
      return refuse("the group has no configured ceiling (tag air:max-size-ceiling)", affected);
    if (wanted === current) return refuse(`MaxSize is already ${current}`, affected);
    if (wanted > ceiling) return refuse(`${wanted} is above the group's ceiling of ${ceiling}`, affected);
    if (wanted < numAttr(context.target, "desiredCapacity")) {
      return refuse(`${wanted} is below the group's current desired capacity`, affected);
    }
    if (moreThanDoubles(current, wanted))
      return refuse(`${current} → ${wanted} more than doubles MaxSize`, affected);
    return { allowed: true, reason: `MaxSize ${current} → ${wanted} (ceiling ${ceiling})`, affected };
  },
  successSignal: (p) => groupCpu(String(p.AutoScalingGroupName), 20),
  projects: (p) => ({ maxSize: Number(p.MaxSize) }),
  rollback: (p, before) => ({
    actionId: "asg-raise-max-size",
    params: { AutoScalingGroupName: p.AutoScalingGroupName, MaxSize: numAttr(before, "maxSize") },
  }),
};

export const ebsExtend: ActionDefinition = {
  id: "ebs-extend-volume",
  title: "Grow an instance's EBS volume and extend its file system",
  description:
    "Runs the AWS-owned SSM Automation runbook AWS-ExtendEbsVolume: snapshot, ModifyVolume to the new size, " +
    "then grows the xfs/ext4 file system at the mount point. EBS volumes cannot shrink: irreversible, sign-off.",
  targetType: "ec2-instance",
  params: z.strictObject({
    InstanceId: instanceId,
    VolumeId: awsId("vol", "an EBS volume id"),
    SizeGib: z.string().regex(/^[1-9]\d{0,4}$/, "the new size in GiB, as a string"),
    MountPoint: z.literal("/").default("/"),
    KeepSnapshot: z.literal(true).default(true),
  }),
  // Irreversible and billed per GiB-month from then on: always a human's call.
  risk: "high",
  reversible: false,
  executor: { type: "ssm-automation", document: "AWS-ExtendEbsVolume" },
  targetOf: (p) => String(p.InstanceId),
  blastRadius(p, context) {
    const affected = [String(p.InstanceId), String(p.VolumeId)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "rootVolumeId") !== p.VolumeId) {
      return refuse(`${p.VolumeId} is not the root volume of ${p.InstanceId}`, affected);
    }
    const current = numAttr(context.target, "diskSizeGb");
    const wanted = Number(p.SizeGib);
    if (wanted <= current) return refuse(`EBS volumes only grow: ${wanted} GiB ≤ ${current} GiB`, affected);
    if (wanted > current * 2)
      return refuse(`${current} → ${wanted} GiB more than doubles the volume`, affected);
    return { allowed: true, reason: `one volume, ${current} → ${wanted} GiB, snapshot kept`, affected };
  },
  successSignal: (p) => ({
    namespace: "CWAgent",
    metric: "disk_used_percent",
    dimensions: { InstanceId: String(p.InstanceId), path: "/" },
    stat: "Average",
    recoveredWhen: "below",
    threshold: 85,
    datapoints: 2,
    deadlineMinutes: 20,
  }),
};

export const rdsReboot: ActionDefinition = {
  id: "rds-reboot-instance",
  title: "Reboot an RDS DB instance (AWS-RebootRdsInstance)",
  description:
    "Runs the AWS-owned SSM Automation runbook AWS-RebootRdsInstance, which reboots the instance unless it is " +
    "already rebooting and waits until it is available. Every connection drops; a Multi-AZ instance fails " +
    "over. Takes the database out of service for minutes: high risk, sign-off.",
  targetType: "rds-instance",
  params: z.strictObject({ InstanceId: plainName("DB instance", 63) }),
  risk: "high",
  reversible: false,
  executor: { type: "ssm-automation", document: "AWS-RebootRdsInstance" },
  targetOf: (p) => String(p.InstanceId),
  blastRadius(p, context) {
    const affected = [String(p.InstanceId)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (context.target.state !== "available") {
      return refuse(`the instance is ${context.target.state}, not available`, affected);
    }
    return { allowed: true, reason: "one DB instance; all its connections drop during the reboot", affected };
  },
  // A reboot is for an engine that accepts no connections: success is callers connecting again. (On a busy
  // database the signal is already good, so a reboot there never counts as a fix.)
  successSignal: (p, target) => ({
    namespace: "AWS/RDS",
    metric: "DatabaseConnections",
    dimensions: { DBInstanceIdentifier: String(p.InstanceId) },
    stat: "Minimum",
    recoveredWhen: "above",
    threshold: Math.max(5, Math.round(numAttr(target, "maxConnections") * 0.05)),
    datapoints: 3,
    deadlineMinutes: 20,
  }),
};
