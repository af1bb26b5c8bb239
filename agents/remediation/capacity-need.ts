/**
 * How many instances an Auto Scaling group needs, from the evidence rather than from the alarm value alone.
 * A saturated group's CPU reads 100 % whether it needs one more instance or ten, so the need is worked out
 * from load per instance: the CPU one request costs (measured in minutes the group was not saturated) times
 * the requests arriving now, divided by the utilisation we aim for. Without request counts it falls back to
 * the group's CPU, which is only a lower bound once it is saturated.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { minutesBefore } from "../shared/incident-facts.js";
import { TARGET_UTILISATION } from "./params.js";

/** Minutes of history read to learn what one request costs. */
export const COST_WINDOW_MINUTES = 60;
/** Average CPU above which a minute counts as saturated (its CPU no longer tracks its load). */
export const SATURATED_CPU = 90;

export interface CapacityNeed {
  /** Instances needed to bring average CPU to TARGET_UTILISATION. */
  needed: number;
  /** True when `needed` is exact; false when it is only a lower bound (saturated, no request counts). */
  exact: boolean;
  /** How it was worked out, for the plan's rationale and the report. */
  basis: string;
}

/** One minute of the group's evidence. */
export interface LoadSample {
  cpu: number;
  instances: number;
  requests?: number;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The pure calculation: `history` is the last hour minute by minute, `recent` the last few minutes.
 * Undefined when there is nothing to go on.
 */
export function capacityFromLoad(
  history: LoadSample[],
  recent: LoadSample[],
  target = TARGET_UTILISATION,
): CapacityNeed | undefined {
  const now = recent.at(-1);
  if (!now || now.instances <= 0) return undefined;
  const costs = history
    .filter((s) => s.cpu < SATURATED_CPU && s.instances > 0 && (s.requests ?? 0) > 0)
    .map((s) => (s.cpu * s.instances) / (s.requests ?? 1));
  const perRequest = median(costs);
  const requests = median(recent.map((s) => s.requests ?? 0).filter((r) => r > 0));
  if (perRequest !== undefined && requests !== undefined) {
    const units = perRequest * requests;
    return {
      needed: Math.max(1, Math.ceil(units / target)),
      exact: true,
      basis: `${Math.round(requests)} requests/min at ${perRequest.toFixed(3)} CPU-% per request per instance (measured while unsaturated) need ${Math.round(units)} CPU-% of capacity, ${target}% per instance`,
    };
  }
  const cpu = median(recent.map((s) => s.cpu)) ?? now.cpu;
  const needed = Math.max(now.instances + 1, Math.ceil((now.instances * cpu) / target));
  return {
    needed,
    exact: cpu < SATURATED_CPU,
    basis: `${now.instances} instances at ${Math.round(cpu)}% CPU${cpu < SATURATED_CPU ? "" : " (saturated: at least)"}, ${target}% per instance`,
  };
}

/** Reads the group's CPU, in-service count and (through its target group) request count, and estimates. */
export async function estimateCapacityNeed(
  ports: Ports,
  group: ResourceDescription,
): Promise<CapacityNeed | undefined> {
  const end = ports.clock.now();
  const start = minutesBefore(end, COST_WINDOW_MINUTES);
  const asgDims = { AutoScalingGroupName: group.id };
  const targetGroup = String(group.attributes.targetGroup ?? "");
  const [cpu, inService, requests] = await Promise.all([
    ports.metrics.getSeries({
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: asgDims,
      start,
      end,
    }),
    ports.metrics.getSeries({
      namespace: "AWS/AutoScaling",
      metric: "GroupInServiceInstances",
      dimensions: asgDims,
      start,
      end,
    }),
    targetGroup
      ? ports.metrics.getSeries({
          namespace: "AWS/ApplicationELB",
          metric: "RequestCount",
          dimensions: { TargetGroup: targetGroup },
          start,
          end,
          stat: "Sum",
        })
      : Promise.resolve(undefined),
  ]);
  const fallback = Number(group.attributes.desiredCapacity ?? 0);
  const samples: LoadSample[] = cpu.points.map((p) => {
    const instances = inService.points.find((q) => q.time === p.time)?.value ?? fallback;
    const r = requests?.points.find((q) => q.time === p.time)?.value;
    return { cpu: p.value, instances, ...(r !== undefined ? { requests: r } : {}) };
  });
  return capacityFromLoad(samples, samples.slice(-3));
}
