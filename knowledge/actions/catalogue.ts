import { z } from "zod";
import {
  asgRaiseMax,
  ebsExtend,
  ecsDesiredCount,
  ecsForceNewDeployment,
  rdsReboot,
} from "./catalogue/compute.js";
import { appConfigRollback, parameterRevert } from "./catalogue/config.js";
import {
  dynamoOnDemand,
  dynamoProvisioned,
  sqsMoveAside,
  sqsRedriveDlq,
  sqsRestoreRedrive,
} from "./catalogue/data.js";
import {
  removeReservedConcurrency,
  setReservedConcurrency,
  stopRunawayFunction,
} from "./catalogue/lambda.js";
import {
  isolateInstance,
  reattachIamPolicy,
  releaseInstance,
  restoreSecurityGroupRule,
  wafBlockAddresses,
  wafRestoreAddresses,
} from "./catalogue/security.js";
import {
  attr,
  groupCpu,
  instanceId,
  numAttr,
  oneAtATime,
  plainName,
  targetGroup5xx,
} from "./catalogue/shared.js";
import type { ActionDefinition } from "./types.js";

export const restartEc2Instance: ActionDefinition = {
  id: "ec2-restart-instance",
  title: "Restart an EC2 instance (stop and start)",
  description:
    "Runs the AWS-owned SSM Automation runbook AWS-RestartEC2Instance, which stops and then starts the instance " +
    "(not an OS reboot): memory is cleared, instance-store data is lost, the instance may move host.",
  targetType: "ec2-instance",
  params: z.strictObject({ InstanceId: instanceId }),
  risk: "medium",
  reversible: false,
  executor: { type: "ssm-automation", document: "AWS-RestartEC2Instance" },
  targetOf: (p) => String(p.InstanceId),
  blastRadius(p, context) {
    const affected = [String(p.InstanceId)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const healthyPeers = context.siblings.filter(
      (s) => s.id !== p.InstanceId && s.state === "running",
    ).length;
    if (context.target.group && healthyPeers < 1) {
      return {
        allowed: false,
        reason: "no other healthy instance in the group would carry traffic",
        affected,
      };
    }
    return {
      allowed: true,
      reason: context.target.group
        ? `one instance of ${context.target.group}; ${healthyPeers} healthy peer(s) keep serving`
        : "a single standalone instance",
      affected,
    };
  },
  successSignal: (p) => ({
    namespace: "CWAgent",
    metric: "mem_used_percent",
    dimensions: { InstanceId: String(p.InstanceId) },
    stat: "Average",
    recoveredWhen: "below",
    threshold: 80,
    datapoints: 3,
    deadlineMinutes: 15,
  }),
};

export const rollbackEcsService: ActionDefinition = {
  id: "ecs-rollback-service",
  title: "Roll an ECS service back to its previous task definition",
  description:
    "Updates the ECS service to the task definition revision it ran before the latest deployment " +
    "(ecs:UpdateService). Tasks are replaced by a rolling deployment.",
  targetType: "ecs-service",
  params: z.strictObject({
    cluster: plainName("cluster"),
    service: plainName("service"),
    taskDefinition: z.string().regex(/^[\w-]{1,255}:\d+$/, "a family:revision like checkout:41"),
  }),
  risk: "medium",
  reversible: true,
  executor: { type: "api", operation: "ecs:UpdateService" },
  targetOf: (p) => `${p.cluster}/${p.service}`,
  blastRadius(p, context) {
    const affected = [`${p.cluster}/${p.service}`];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const current = attr(context.target, "taskDefinition");
    if (current === p.taskDefinition) {
      return { allowed: false, reason: `service already runs ${current}`, affected };
    }
    const known = attr(context.target, "previousTaskDefinitions").split(",").filter(Boolean);
    if (!known.includes(String(p.taskDefinition))) {
      return {
        allowed: false,
        reason: `${p.taskDefinition} is not a revision this service ran before`,
        affected,
      };
    }
    return {
      allowed: true,
      reason: `one service, rolling replacement of ${numAttr(context.target, "runningCount")} task(s)`,
      affected,
    };
  },
  successSignal: (_p, target) => targetGroup5xx(target, 15),
  rollback: (p, before) => ({
    actionId: "ecs-rollback-service",
    params: { cluster: p.cluster, service: p.service, taskDefinition: attr(before, "taskDefinition") },
  }),
};

export const rollbackLambdaAlias: ActionDefinition = {
  id: "lambda-rollback-alias",
  title: "Point a Lambda alias back at its previous version",
  description:
    "Updates the alias (lambda:UpdateAlias) to the version it pointed at before the latest release.",
  targetType: "lambda-function",
  params: z.strictObject({
    functionName: plainName("function", 64),
    alias: plainName("alias", 128),
    version: z.string().regex(/^[1-9]\d{0,9}$/, "a published version number"),
  }),
  risk: "medium",
  reversible: true,
  executor: { type: "api", operation: "lambda:UpdateAlias" },
  targetOf: (p) => `${p.functionName}:${p.alias}`,
  blastRadius(p, context) {
    const affected = [`${p.functionName}:${p.alias}`];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "aliasVersion") === p.version) {
      return { allowed: false, reason: `alias already points at version ${p.version}`, affected };
    }
    const deployed = attr(context.target, "previousVersions").split(",").filter(Boolean);
    if (!deployed.includes(String(p.version))) {
      return {
        allowed: false,
        reason: `version ${p.version} was never deployed behind this alias (known: ${deployed.join(", ") || "none"})`,
        affected,
      };
    }
    return { allowed: true, reason: "one alias of one function", affected };
  },
  successSignal: (p) => ({
    namespace: "AWS/Lambda",
    metric: "Errors",
    dimensions: { FunctionName: String(p.functionName), Resource: `${p.functionName}:${p.alias}` },
    stat: "Sum",
    recoveredWhen: "below",
    threshold: 5,
    datapoints: 3,
    deadlineMinutes: 10,
  }),
  rollback: (p, before) => ({
    actionId: "lambda-rollback-alias",
    params: { functionName: p.functionName, alias: p.alias, version: attr(before, "aliasVersion") },
  }),
};

export const setAsgCapacity: ActionDefinition = {
  id: "asg-set-desired-capacity",
  title: "Change an Auto Scaling group's desired capacity within its maximum",
  description:
    "Sets DesiredCapacity (autoscaling:SetDesiredCapacity), never above MaxSize and at most doubling.",
  targetType: "autoscaling-group",
  params: z.strictObject({
    AutoScalingGroupName: plainName("Auto Scaling group"),
    DesiredCapacity: z.number().int().min(0).max(1000),
  }),
  risk: "low",
  // Scale-in removes capacity: never low risk.
  riskFor: (p, target) => (Number(p.DesiredCapacity) < numAttr(target, "desiredCapacity") ? "medium" : "low"),
  narrows: (asked, edited, target) => {
    if (asked.AutoScalingGroupName !== edited.AutoScalingGroupName) return false;
    const current = numAttr(target, "desiredCapacity");
    const want = Number(asked.DesiredCapacity) - current;
    const got = Number(edited.DesiredCapacity) - current;
    return Math.sign(got) === Math.sign(want) && Math.abs(got) <= Math.abs(want);
  },
  reversible: true,
  executor: { type: "api", operation: "autoscaling:SetDesiredCapacity" },
  targetOf: (p) => String(p.AutoScalingGroupName),
  blastRadius(p, context) {
    const affected = [String(p.AutoScalingGroupName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const desired = Number(p.DesiredCapacity);
    const max = numAttr(context.target, "maxSize");
    const min = numAttr(context.target, "minSize");
    const current = numAttr(context.target, "desiredCapacity");
    if (desired > max)
      return { allowed: false, reason: `${desired} exceeds the group's MaxSize ${max}`, affected };
    if (desired < min)
      return { allowed: false, reason: `${desired} is below the group's MinSize ${min}`, affected };
    if (desired > Math.max(current * 2, current + 2)) {
      return {
        allowed: false,
        reason: `${current} → ${desired} more than doubles the group in one step`,
        affected,
      };
    }
    return { allowed: true, reason: `${current} → ${desired} instances (max ${max})`, affected };
  },
  successSignal: (p) => groupCpu(String(p.AutoScalingGroupName), 15),
  projects: (p) => ({ desiredCapacity: Number(p.DesiredCapacity) }),
  rollback: (p, before) => ({
    actionId: "asg-set-desired-capacity",
    params: {
      AutoScalingGroupName: p.AutoScalingGroupName,
      DesiredCapacity: numAttr(before, "desiredCapacity"),
    },
  }),
};

export const cleanupLogs: ActionDefinition = {
  id: "ec2-cleanup-rotated-logs",
  title: "Delete rotated and compressed application logs on one instance",
  description:
    "Runs the approved script `cleanup-rotated-logs` through SSM Run Command (AWS-RunShellScript): removes " +
    "rotated (*.1, *.gz) files under /var/log/app older than one day. Live log files and data are never touched.",
  targetType: "ec2-instance",
  params: z.strictObject({ InstanceId: instanceId }),
  risk: "low",
  reversible: false,
  executor: { type: "run-command", document: "AWS-RunShellScript", scriptId: "cleanup-rotated-logs" },
  targetOf: (p) => String(p.InstanceId),
  blastRadius(p, context) {
    const affected = [String(p.InstanceId)];
    return (
      oneAtATime(context, affected) ?? { allowed: true, reason: "one instance, rotated logs only", affected }
    );
  },
  successSignal: (p) => ({
    namespace: "CWAgent",
    metric: "disk_used_percent",
    dimensions: { InstanceId: String(p.InstanceId), path: "/" },
    stat: "Average",
    recoveredWhen: "below",
    threshold: 85,
    datapoints: 2,
    deadlineMinutes: 10,
  }),
};

/** The allowlist: these and only these actions can ever run. */
export const ACTION_CATALOGUE: readonly ActionDefinition[] = [
  restartEc2Instance,
  rollbackEcsService,
  rollbackLambdaAlias,
  setAsgCapacity,
  cleanupLogs,
  setReservedConcurrency,
  stopRunawayFunction,
  removeReservedConcurrency,
  dynamoOnDemand,
  dynamoProvisioned,
  sqsMoveAside,
  sqsRestoreRedrive,
  sqsRedriveDlq,
  appConfigRollback,
  parameterRevert,
  ecsForceNewDeployment,
  ecsDesiredCount,
  asgRaiseMax,
  ebsExtend,
  rdsReboot,
  wafBlockAddresses,
  wafRestoreAddresses,
  restoreSecurityGroupRule,
  reattachIamPolicy,
  isolateInstance,
  releaseInstance,
];

const byId = new Map(ACTION_CATALOGUE.map((a) => [a.id, a]));

export function findAction(id: string): ActionDefinition | undefined {
  return byId.get(id);
}

export function actionIds(): string[] {
  return [...byId.keys()];
}
