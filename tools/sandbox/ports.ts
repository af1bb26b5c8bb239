/**
 * The ports the incident graph uses, implemented over the simulated account. Shapes and errors follow
 * what the AWS adapters return, so the graph cannot tell the two apart.
 */
import type {
  AlarmsPort,
  ChangeCalendarPort,
  ChangesPort,
  DiagnosticsPort,
  LogsPort,
  MetricQuery,
  MetricsPort,
  Ports,
  ResourcesPort,
} from "../ports.js";
import { queryLogs } from "./logs.js";
import { dependenciesOf, describeResource, resourcesOfService } from "./resources.js";
import type { Simulation } from "./simulation.js";
import { instanceUsage } from "./world.js";

/** The ports the sandbox provides; notifier, audit, outcomes and reports come from elsewhere. */
export type SandboxPorts = Pick<
  Ports,
  | "metrics"
  | "alarms"
  | "logs"
  | "changes"
  | "resources"
  | "automation"
  | "clock"
  | "calendar"
  | "diagnostics"
>;

/** The scenario's change calendar: events in progress at a time, for a service (or every service). */
function calendarPort(sim: Simulation): ChangeCalendarPort {
  const startMs = sim.world.startMs;
  return {
    async activeEvents(service, at) {
      const minute = (at.getTime() - startMs) / 60_000;
      return sim.scenario.changeCalendar
        .filter((e) => e.startMinute <= minute && minute < e.endMinute)
        .filter((e) => e.services.length === 0 || e.services.includes(service))
        .map((e) => ({
          calendar: e.calendar,
          summary: e.summary,
          until: new Date(startMs + e.endMinute * 60_000).toISOString(),
        }));
    },
  };
}

function metricsPort(sim: Simulation): MetricsPort {
  return {
    async getSeries(query: MetricQuery) {
      const period = query.periodSeconds ?? 60;
      if (!Number.isInteger(period) || period <= 0 || period % 60 !== 0) {
        throw new Error(
          `InvalidParameterValue: The parameter Period must be a multiple of 60 (got ${period}).`,
        );
      }
      const end = Math.min(query.end.getTime(), sim.clock.nowMs());
      return sim.world.metrics.query(
        { namespace: query.namespace, metric: query.metric, dimensions: query.dimensions },
        query.start.getTime(),
        end,
        period,
        query.stat ?? "Average",
      );
    },
  };
}

function alarmsPort(sim: Simulation): AlarmsPort {
  return {
    async describe(name) {
      return sim.alarms.summaries().find((a) => a.name === name);
    },
    async list(filter) {
      return sim.alarms
        .summaries()
        .filter(
          (a) =>
            (!filter?.state || a.state === filter.state) &&
            (!filter?.service || a.service === filter.service),
        );
    },
  };
}

function logsPort(sim: Simulation): LogsPort {
  return {
    async query(query) {
      return queryLogs(sim.world, query);
    },
  };
}

function changesPort(sim: Simulation): ChangesPort {
  return {
    async list({ service, since, until }) {
      const from = since.getTime();
      const to = Math.min(until.getTime(), sim.clock.nowMs());
      return sim.world.changes
        .filter((c) => {
          const t = Date.parse(c.time);
          return t >= from && t <= to && (!service || c.service === service);
        })
        .map((c) => ({ ...c }));
    },
  };
}

/**
 * What `du` on the instance would show: the root file system's use and the rotated logs under /var/log/app
 * that the approved cleanup frees (logs elsewhere and application data are not reclaimable by it).
 */
function diagnosticsPort(sim: Simulation): DiagnosticsPort {
  return {
    async diskUsage(instanceId) {
      const instance = sim.world.instances.get(instanceId);
      if (instance?.status !== "running") return undefined;
      return {
        instanceId,
        usedPercent: instanceUsage(instance).disk,
        cleanupReclaimablePercent: instance.rotatedLogsPercent,
        sizeGb: instance.diskSizeGb,
      };
    },
  };
}

function resourcesPort(sim: Simulation): ResourcesPort {
  return {
    async describe(id) {
      return describeResource(sim.world, id);
    },
    async listByService(service) {
      return resourcesOfService(sim.world, service);
    },
    async dependencies(service) {
      return dependenciesOf(sim.world, service);
    },
  };
}

export function sandboxPorts(sim: Simulation): SandboxPorts {
  return {
    metrics: metricsPort(sim),
    alarms: alarmsPort(sim),
    logs: logsPort(sim),
    changes: changesPort(sim),
    resources: resourcesPort(sim),
    automation: sim.automation,
    clock: sim.clock,
    calendar: calendarPort(sim),
    diagnostics: diagnosticsPort(sim),
  };
}
