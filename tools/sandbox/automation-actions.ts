/**
 * What each executor (SSM document, approved script, API call) does to the simulated account: the parameters
 * it accepts, how it checks its target (with the error text AWS would give), what happens when it starts, how
 * long it takes and what it changes when it completes. Keyed by executor, as AWS is: SSM and the service APIs
 * know nothing of our catalogue.
 */
import { z } from "zod";
import type { Executor } from "../domain/index.js";
import { ecsUpdateService, FAMILY_HANDLERS } from "./actions/index.js";
import type { World } from "./world.js";
import {
  inService,
  instanceUsage,
  isoAt,
  launchInstance,
  MINUTE_MS,
  newTaskIds,
  recordChange,
} from "./world.js";

export interface ActionRun {
  world: World;
  params: Record<string, unknown>;
  nowMs: number;
  executionId: string;
}

export interface ActionHandler {
  /** The parameters the document or API accepts (AWS refuses anything else at start). */
  params: z.ZodType<Record<string, unknown>>;
  /** Simulated minutes from start to completion. */
  minutes: number;
  /** Returns the error AWS would report when the target is missing or the request invalid. */
  check(run: ActionRun): string | undefined;
  /** Immediate effects at start (an instance stopping, a group resizing). */
  begin?(run: ActionRun): void;
  /** Effects at completion; returns the execution output. */
  finish(run: ActionRun): string;
}

const instanceParams = z.object({ InstanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/, "an EC2 instance id") });

const str = (run: ActionRun, key: string) => String(run.params[key] ?? "");
const author = (run: ActionRun) => `automation/${run.executionId}`;

function liveInstance(run: ActionRun) {
  const instance = run.world.instances.get(str(run, "InstanceId"));
  return instance && instance.status !== "terminated" ? instance : undefined;
}

function revision(value: string): number {
  return Number(value.split(":").pop());
}

const restartInstance: ActionHandler = {
  params: instanceParams,
  minutes: 3,
  check(run) {
    if (!liveInstance(run)) {
      return `Step fails when it is Executing. Failed at step stopInstances (aws:changeInstanceState): InvalidInstanceID.NotFound: The instance ID '${str(run, "InstanceId")}' does not exist`;
    }
    return undefined;
  },
  begin(run) {
    const instance = liveInstance(run);
    if (instance) instance.status = "stopping";
  },
  finish(run) {
    const instance = liveInstance(run);
    if (!instance) return "instance disappeared";
    instance.status = "running";
    instance.leakedMemPercent = 0;
    instance.hung = false;
    // A stop/start moves the instance to a healthy host.
    instance.systemCheckFailed = false;
    instance.restarts += 1;
    recordChange(run.world, {
      time: isoAt(run.nowMs),
      service: instance.service,
      resourceId: instance.id,
      kind: "infrastructure",
      summary: `Instance ${instance.id} stopped and started by AWS-RestartEC2Instance`,
      author: author(run),
    });
    return `stopInstances: Success (instance ${instance.id} stopped)\nstartInstances: Success (instance ${instance.id} running)`;
  },
};

const rollbackEcs: ActionHandler = {
  params: z.object({
    cluster: z.string().min(1),
    service: z.string().min(1),
    taskDefinition: z.string().regex(/^[\w-]+:\d+$/, "a family:revision like checkout:41"),
  }),
  minutes: 4,
  check(run) {
    const ecs = run.world.ecs.get(`${str(run, "cluster")}/${str(run, "service")}`);
    if (!ecs)
      return `ServiceNotFoundException: Service not found: ${str(run, "cluster")}/${str(run, "service")}`;
    const wanted = str(run, "taskDefinition");
    const family = ecs.taskDefinition.split(":")[0];
    const newest = Math.max(...[ecs.taskDefinition, ...ecs.previousTaskDefinitions].map(revision));
    if (wanted.split(":")[0] !== family || revision(wanted) > newest || revision(wanted) < 1) {
      return `ClientException: Unable to describe task definition ${wanted}.`;
    }
    return undefined;
  },
  finish(run) {
    const ecs = run.world.ecs.get(`${str(run, "cluster")}/${str(run, "service")}`);
    if (!ecs) return "service disappeared";
    const from = ecs.taskDefinition;
    const to = str(run, "taskDefinition");
    if (from !== to) {
      ecs.previousTaskDefinitions = [
        from,
        ...ecs.previousTaskDefinitions.filter((t) => t !== from && t !== to),
      ];
      ecs.taskDefinition = to;
      ecs.taskIds = newTaskIds(run.world, ecs.desiredCount);
    }
    ecs.runningCount = ecs.desiredCount;
    ecs.rolloutState = "COMPLETED";
    ecs.failedTasks = 0;
    ecs.lastEvent = `(service ${ecs.serviceName}) has reached a steady state.`;
    recordChange(run.world, {
      time: isoAt(run.nowMs),
      service: ecs.service,
      resourceId: ecs.id,
      kind: "deployment",
      summary: `ECS service ${ecs.id} updated from ${from} to ${to} (rollback)`,
      from,
      to,
      author: author(run),
    });
    return `UpdateService: service ${ecs.id} now uses ${to}; deployment COMPLETED with ${ecs.desiredCount} running task(s)`;
  },
};

const rollbackLambda: ActionHandler = {
  params: z.object({
    functionName: z.string().min(1),
    alias: z.string().min(1),
    version: z.string().regex(/^\d+$/, "a published version number"),
  }),
  minutes: 1,
  check(run) {
    const id = `${str(run, "functionName")}:${str(run, "alias")}`;
    const fn = run.world.lambdas.get(id);
    const arn = `arn:aws:lambda:${run.world.region}:${run.world.account}:function:${id}`;
    if (!fn) return `ResourceNotFoundException: Function not found: ${arn}`;
    const newest = Math.max(...[fn.aliasVersion, ...fn.previousVersions].map(Number));
    const version = Number(str(run, "version"));
    if (!(version >= 1 && version <= newest)) {
      return `ResourceNotFoundException: Function not found: arn:aws:lambda:${run.world.region}:${run.world.account}:function:${fn.functionName}:${version}`;
    }
    return undefined;
  },
  finish(run) {
    const fn = run.world.lambdas.get(`${str(run, "functionName")}:${str(run, "alias")}`);
    if (!fn) return "function disappeared";
    const from = fn.aliasVersion;
    const to = str(run, "version");
    if (from !== to) {
      fn.previousVersions = [from, ...fn.previousVersions.filter((v) => v !== from && v !== to)];
      fn.aliasVersion = to;
    }
    recordChange(run.world, {
      time: isoAt(run.nowMs),
      service: fn.service,
      resourceId: fn.id,
      kind: "deployment",
      summary: `Lambda alias ${fn.id} moved from version ${from} to ${to}`,
      from,
      to,
      author: author(run),
    });
    return `UpdateAlias: ${fn.id} → version ${to}`;
  },
};

const setCapacity: ActionHandler = {
  params: z.object({ AutoScalingGroupName: z.string().min(1), DesiredCapacity: z.number().int().min(0) }),
  minutes: 3,
  check(run) {
    const asg = run.world.asgs.get(str(run, "AutoScalingGroupName"));
    if (!asg) return `ValidationError: AutoScalingGroup name not found - ${str(run, "AutoScalingGroupName")}`;
    const desired = Number(run.params["DesiredCapacity"]);
    if (desired > asg.maxSize) {
      return `ValidationError: New SetDesiredCapacity value ${desired} is above max value ${asg.maxSize} for the AutoScalingGroup.`;
    }
    if (desired < asg.minSize) {
      return `ValidationError: New SetDesiredCapacity value ${desired} is below min value ${asg.minSize} for the AutoScalingGroup.`;
    }
    return undefined;
  },
  begin(run) {
    const asg = run.world.asgs.get(str(run, "AutoScalingGroupName"));
    if (!asg) return;
    const from = asg.desiredCapacity;
    const desired = Number(run.params["DesiredCapacity"]);
    asg.desiredCapacity = desired;
    while (asg.instanceIds.length < desired) {
      // New instances pass health checks and go InService after two minutes.
      launchInstance(run.world, asg, run.nowMs, run.nowMs + 2 * MINUTE_MS);
    }
    while (asg.instanceIds.length > desired) {
      const id = asg.instanceIds.pop();
      const instance = id ? run.world.instances.get(id) : undefined;
      if (instance) instance.status = "terminated";
    }
    recordChange(run.world, {
      time: isoAt(run.nowMs),
      service: asg.service,
      resourceId: asg.name,
      kind: "scaling",
      summary: `Desired capacity of ${asg.name} changed from ${from} to ${desired}`,
      from: String(from),
      to: String(desired),
      author: author(run),
    });
  },
  finish(run) {
    const asg = run.world.asgs.get(str(run, "AutoScalingGroupName"));
    if (!asg) return "group disappeared";
    return `SetDesiredCapacity: ${asg.name} desired ${asg.desiredCapacity}, ${inService(run.world, asg).length} instance(s) InService`;
  },
};

const cleanupRotatedLogs: ActionHandler = {
  params: instanceParams,
  minutes: 1,
  check(run) {
    const instance = liveInstance(run);
    if (instance?.status !== "running") {
      return `InvalidInstanceId: Instances [[${str(run, "InstanceId")}]] not in a valid state for account ${run.world.account}`;
    }
    return undefined;
  },
  finish(run) {
    const instance = liveInstance(run);
    if (!instance) return "instance disappeared";
    const freedGb = (instance.rotatedLogsPercent * instance.diskSizeGb) / 100;
    const files = Math.round(freedGb * 12);
    instance.rotatedLogsPercent = 0;
    instance.logCleanups += 1;
    recordChange(run.world, {
      time: isoAt(run.nowMs),
      service: instance.service,
      resourceId: instance.id,
      kind: "infrastructure",
      summary: `Rotated logs under /var/log/app deleted on ${instance.id} (cleanup-rotated-logs)`,
      author: author(run),
    });
    return `cleanup-rotated-logs: removed ${files} rotated file(s) under /var/log/app, freed ${freedGb.toFixed(1)} GB; / is now ${Math.round(instanceUsage(instance).disk)}% used`;
  },
};

/** The executor's key: `ssm-automation:<document>`, `run-command:<document>:<script>`, `api:<operation>`. */
export function executorKey(executor: Executor): string {
  switch (executor.type) {
    case "ssm-automation":
      return `ssm-automation:${executor.document}`;
    case "run-command":
      return `run-command:${executor.document}:${executor.scriptId}`;
    case "api":
      return `api:${executor.operation}`;
  }
}

/** What the simulated account can run, by executor key. */
export const EXECUTOR_HANDLERS: Readonly<Record<string, ActionHandler>> = {
  "ssm-automation:AWS-RestartEC2Instance": restartInstance,
  "api:ecs:UpdateService": ecsUpdateService(rollbackEcs),
  "api:lambda:UpdateAlias": rollbackLambda,
  "api:autoscaling:SetDesiredCapacity": setCapacity,
  "run-command:AWS-RunShellScript:cleanup-rotated-logs": cleanupRotatedLogs,
  ...FAMILY_HANDLERS,
};
