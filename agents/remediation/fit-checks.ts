/**
 * Read-only pre-checks for task replacement, task count, reservation removal, database reboot and DLQ
 * redrive. Each asks the metrics or the change feed whether the action's premise holds: fresh tasks help
 * only when the revision did not just change; more tasks only when the tasks are busy; removing a
 * reservation only when a recent edit set it; a reboot only when the engine does no work at all (a busy
 * database is not hung); a redrive only once the consumer processes without errors; moving messages
 * aside only when the source queue is stuck. Each returns why the action cannot help, or undefined when
 * the evidence fits.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";

type PreCheck = (ports: Ports, target: ResourceDescription) => Promise<string | undefined>;

const MINUTE = 60_000;

async function series(
  ports: Ports,
  query: { namespace: string; metric: string; dimensions: Record<string, string>; stat: string },
  minutes: number,
): Promise<number[]> {
  const end = ports.clock.now();
  const start = new Date(end.getTime() - minutes * MINUTE);
  const s = await ports.metrics.getSeries({ ...query, start, end });
  return s.points.map((p) => p.value).filter((v) => Number.isFinite(v));
}

const maxOf = (xs: number[]) => (xs.length === 0 ? Number.NaN : Math.max(...xs));
const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const medianOf = (xs: number[]) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** Changes of the target's service within `hours`, newest first. */
async function recentChanges(ports: Ports, target: ResourceDescription, hours: number) {
  const until = ports.clock.now();
  const since = new Date(until.getTime() - hours * 60 * MINUTE);
  const all = await ports.changes.list({ service: target.service, since, until });
  return [...all].sort((a, b) => b.time.localeCompare(a.time));
}

/** Replacing tasks runs the same revision again: no help right after a new revision or when tasks fail to start. */
const freshTasksHelp: PreCheck = async (ports, target) => {
  if (
    String(target.attributes.rolloutState ?? "") === "FAILED" ||
    Number(target.attributes.failedTasks) > 0
  ) {
    return `new tasks of ${target.id} already fail to start (${target.attributes.lastEvent ?? "failed tasks"}): replacing them starts more of the same`;
  }
  const revision = String(target.attributes.taskDefinition ?? "");
  // A release hurts within minutes of reaching the tasks (the bad-deploy runbook's 30 minutes, with margin);
  // a revision that served cleanly for hours is not what fresh tasks would bring back.
  const deployed = (await recentChanges(ports, target, 1.5)).find(
    (c) =>
      c.resourceId === target.id && (c.kind === "deployment" || c.kind === "config") && c.to === revision,
  );
  if (deployed) {
    return `${target.id} moved to ${revision} at ${deployed.time} ("${deployed.summary}"): fresh tasks run the same revision, so replacing them cannot undo it`;
  }
  return undefined;
};

/** More tasks help only tasks that are busy: otherwise the limit is elsewhere (and more tasks add load on it). */
const tasksBusy: PreCheck = async (ports, target) => {
  const dims = {
    ClusterName: String(target.attributes.cluster ?? ""),
    ServiceName: String(target.attributes.service ?? target.id),
  };
  const cpu = medianOf(
    await series(
      ports,
      { namespace: "AWS/ECS", metric: "CPUUtilization", dimensions: dims, stat: "Average" },
      5,
    ),
  );
  if (cpu >= 70) return undefined;
  return `the tasks of ${target.id} run at ${Number.isFinite(cpu) ? Math.round(cpu) : "no measured"}% CPU: they are not what is short, and more tasks would only add load (connections, calls) on what is`;
};

/** A reservation is removed only when a recent edit put it where it is; a standing one protects something. */
const reservationRecentlyLowered: PreCheck = async (ports, target) => {
  const current = target.attributes.reservedConcurrency;
  const name = String(target.attributes.functionName ?? target.id);
  if (current === undefined) return `${name} has no reservation to remove`;
  const edit = (await recentChanges(ports, target, 24)).find(
    (c) =>
      (c.resourceId === target.id || c.resourceId === name || c.resourceId.startsWith(`${name}:`)) &&
      c.kind === "config" &&
      c.to === String(current),
  );
  if (edit) return undefined;
  return `no change in the last 24 hours set ${name}'s reservation of ${current}: a standing reservation is deliberate (it may protect a downstream), so removing it is the owners' call`;
};

/** Hung means no work at all over the alarm's last minutes: a busy database (a slow query, a connection flood) is not fixed by a reboot. */
const engineIdle: PreCheck = async (ports, target) => {
  const dims = { DBInstanceIdentifier: target.id };
  const cpu = maxOf(
    await series(
      ports,
      { namespace: "AWS/RDS", metric: "CPUUtilization", dimensions: dims, stat: "Average" },
      3,
    ),
  );
  const connections = maxOf(
    await series(
      ports,
      { namespace: "AWS/RDS", metric: "DatabaseConnections", dimensions: dims, stat: "Maximum" },
      3,
    ),
  );
  const limit = Math.max(5, Number(target.attributes.maxConnections ?? 0) * 0.02);
  if (cpu < 10 && connections <= limit) return undefined;
  return `${target.id} is working (CPU up to ${Number.isFinite(cpu) ? Math.round(cpu) : "?"}%, ${Number.isFinite(connections) ? connections : "?"} connections): a busy database is not hung, and a reboot would drop its work and come back to the same load`;
};

/** Redrive only into a consumer that processes without errors now; otherwise the messages come back. */
const consumerHealthy: PreCheck = async (ports, target) => {
  const consumer = String(target.attributes.consumer ?? "");
  const fn = consumer.split(":")[0] ?? "";
  if (fn === "") return `${target.id} has no known consumer to check before a redrive`;
  const dims = { FunctionName: fn };
  const errors = sumOf(
    await series(ports, { namespace: "AWS/Lambda", metric: "Errors", dimensions: dims, stat: "Sum" }, 15),
  );
  const invocations = sumOf(
    await series(
      ports,
      { namespace: "AWS/Lambda", metric: "Invocations", dimensions: dims, stat: "Sum" },
      15,
    ),
  );
  if (invocations > 0 && errors <= invocations * 0.01) return undefined;
  return `${fn}, the consumer of ${target.id}, had ${errors} errors in ${invocations} invocations over the last 15 minutes: redriven messages would fail again and return to the dead-letter queue`;
};

/**
 * Moving poison messages aside is for a source queue that is stuck: its oldest message keeps ageing. A
 * queue that drains (messages only in its dead-letter queue) has nothing blocking it.
 */
const sourceStuck: PreCheck = async (ports, target) => {
  const age = maxOf(
    await series(
      ports,
      {
        namespace: "AWS/SQS",
        metric: "ApproximateAgeOfOldestMessage",
        dimensions: { QueueName: target.id },
        stat: "Maximum",
      },
      5,
    ),
  );
  if (!(age < 300)) return undefined;
  return `${target.id} drains normally (oldest message ${Math.round(age)} s old): no message is stuck on it, so there is nothing to move aside`;
};

export const FIT_CHECKS: Readonly<Record<string, PreCheck>> = {
  "ecs-force-new-deployment": freshTasksHelp,
  "ecs-set-desired-count": tasksBusy,
  "lambda-remove-reserved-concurrency": reservationRecentlyLowered,
  "rds-reboot-instance": engineIdle,
  "sqs-redrive-dead-letter-queue": consumerHealthy,
  "sqs-move-poison-messages": sourceStuck,
};
