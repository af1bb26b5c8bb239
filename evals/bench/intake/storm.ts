/**
 * A deterministic alarm storm with ground truth, for the intake benchmark.
 *
 * The virtual estate is `services` services (catalog.ts), each with 6-10 alarms. Over a timeline of
 * `hours`, `incidents` true incidents happen; each one, on one service:
 * - onset: 1-6 of the service's alarms go OK → ALARM within `onsetSpread` minutes (< the correlation
 *   window) of the first one;
 * - steady phase: re-evaluations (same alarm, new event id, still ALARM) until the incident ends;
 * - flapping (some incidents): one alarm goes ALARM → OK → ALARM within a few minutes (< the flapping
 *   window), after every onset alarm has fired;
 * - recovery: every alarm goes back to OK within 4 minutes of the end;
 * - context: sometimes an ECS deployment in progress just before the onset (no incident), a failed ECS
 *   deployment or a stopped instance of the service during it (belongs to it).
 * Noise: one-off alarms (`noiseRate` of the events) that are each their own incident: orphan alarms on
 * unowned resources (no service), and single-alarm blips on a service between its incidents. Plus AWS
 * Health notices while a service is quiet (no incident). Then `duplicateRate` of all deliveries are
 * redelivered (same event id), a few of them at once.
 *
 * Assumptions that make the truth well defined for any correct intake (see README notes in the bench):
 * - incidents and blips of one service are separated by more than max(correlation, flapping window)
 *   plus 5 minutes, measured from the last state change of one to the first of the next, so neither
 *   correlation nor "re-fired after healing" can legitimately join them;
 * - every service alarm that goes to ALARM returns to OK before the service's next incident (CloudWatch
 *   only emits transitions, so a new episode of an alarm needs an OK in between);
 * - no alarm returns to OK before all of the incident's onset alarms have fired, so an incident is never
 *   healed before its last correlated alarm arrives;
 * - orphan alarms are unique (no service, own fingerprint), so each is its own incident.
 */
import type { IntakeConfigInput } from "../../../handlers/intake/index.js";
import { type AlarmDef, buildServices, orphanAlarm, type ServiceDef, serviceMapFor } from "./catalog.js";
import {
  Builder,
  type Draft,
  type EventRole,
  type StormEvent,
  type TrueIncident,
  type Truth,
} from "./deliveries.js";
import { Prng } from "./prng.js";
import { ec2StateChange, ecsDeployment, healthRetirement } from "./shapes.js";

export type { EventRole, StormEvent, TrueIncident, Truth } from "./deliveries.js";

export interface StormOptions {
  seed: number;
  /** Total deliveries to generate (duplicates included); the result is within a few of it. */
  events: number;
  /** True (multi-alarm) incidents, not counting noise. */
  incidents: number;
  services: number;
  hours: number;
  /** Fraction of deliveries that are noise alarms (each its own incident) and their OKs. */
  noiseRate: number;
  /** Fraction of deliveries that are redeliveries of an earlier event (same event id). */
  duplicateRate: number;
  /** Fraction of incidents in which one alarm flaps. */
  flapRate: number;
  correlationWindowMinutes: number;
  flappingWindowMinutes: number;
  /** ISO start of the virtual timeline. */
  start: string;
}

export const DEFAULT_STORM: StormOptions = {
  seed: 42,
  events: 12_000,
  incidents: 300,
  services: 48,
  hours: 8,
  noiseRate: 0.03,
  duplicateRate: 0.06,
  flapRate: 0.25,
  correlationWindowMinutes: 10,
  flappingWindowMinutes: 30,
  start: "2025-03-03T00:00:00.000Z",
};

export interface Storm {
  options: StormOptions;
  events: StormEvent[];
  incidents: TrueIncident[];
  services: ServiceDef[];
  /** What the intake under test must be configured with (windows and the service map). */
  intakeConfig: IntakeConfigInput;
  startMs: number;
  endMs: number;
}

const MIN = 60_000;

/** Everything one incident or blip is, before its events are drawn. */
interface Plan {
  id: string;
  kind: "incident" | "noise";
  service: ServiceDef;
  alarms: AlarmDef[];
  durationMs: number;
  reevals: number;
  flap: boolean;
  context: { deployBefore: boolean; deployFailed: boolean; instanceStopped: boolean };
  start: number;
}

/** Draws one true incident's events (see the module comment for the phases). */
function drawIncident(rng: Prng, b: Builder, plan: Plan, o: StormOptions): TrueIncident {
  const t0 = plan.start;
  const onsetSpread = Math.min(6, 0.6 * o.correlationWindowMinutes) * MIN;
  const fire = plan.alarms.map((_, i) => (i === 0 ? t0 : t0 + rng.range(0, onsetSpread)));
  const onsetEnd = t0 + onsetSpread;
  const steadyEnd = t0 + plan.durationMs;
  const truth = (role: EventRole, kind: Truth["kind"] = "alarm") => ({ incident: plan.id, kind, role });
  for (const [i, alarm] of plan.alarms.entries())
    b.alarm(alarm, "ALARM", "OK", fire[i] ?? t0, truth("onset"));

  let flap: { index: number; down: number; up: number; within: boolean } | undefined;
  const flapRoom = steadyEnd - 8 * MIN - (onsetEnd + MIN);
  if (plan.flap && flapRoom > 0) {
    const index = rng.int(0, plan.alarms.length - 1);
    const down = onsetEnd + MIN + rng.range(0, flapRoom);
    const up = down + rng.range(2, Math.min(6, 0.5 * o.flappingWindowMinutes)) * MIN;
    const alarm = plan.alarms[index] as AlarmDef;
    b.alarm(alarm, "OK", "ALARM", down, truth("flap-ok", "recovery"));
    b.alarm(alarm, "ALARM", "OK", up, truth("flap-alarm"));
    const within = up - (fire[index] ?? t0) <= o.flappingWindowMinutes * MIN;
    flap = { index, down, up, within };
  }
  for (let r = 0; r < plan.reevals; r++) {
    const index = rng.int(0, plan.alarms.length - 1);
    const from = (fire[index] ?? t0) + MIN;
    let at = rng.range(from, steadyEnd);
    // A flapping alarm is OK between its down and up changes: re-evaluate it outside that gap.
    for (let tries = 0; flap?.index === index && at > flap.down - 45_000 && at < flap.up + 45_000; tries++) {
      at = tries < 20 ? rng.range(from, steadyEnd) : flap.down - 60_000;
    }
    b.alarm(plan.alarms[index] as AlarmDef, "ALARM", "ALARM", at, truth("reeval"));
  }
  let end = steadyEnd;
  for (const alarm of plan.alarms) {
    const at = steadyEnd + rng.range(0, 4 * MIN);
    end = Math.max(end, at);
    b.alarm(alarm, "OK", "ALARM", at, truth("recovery", "recovery"));
  }

  const svc = plan.service;
  const where = { account: svc.account, region: svc.region };
  const deployment = `ecs-svc/${rng.int(1e15, 9e15)}`;
  if (plan.context.deployBefore) {
    const at = t0 - rng.range(2, 5) * MIN;
    b.context(at, null, (id) =>
      ecsDeployment(where, svc.cluster, svc.name, "SERVICE_DEPLOYMENT_IN_PROGRESS", at, id, deployment),
    );
  }
  // Context during the incident comes 2-5 minutes into it: after the first alarm has been processed
  // (a later virtual minute) and before any alarm can have recovered.
  if (plan.context.deployFailed) {
    const at = t0 + rng.range(2, 5) * MIN;
    b.context(at, plan.id, (id) =>
      ecsDeployment(where, svc.cluster, svc.name, "SERVICE_DEPLOYMENT_FAILED", at, id, deployment),
    );
  }
  if (plan.context.instanceStopped) {
    const at = t0 + rng.range(2, 5) * MIN;
    const instance = rng.pick(svc.instances);
    b.context(at, plan.id, (id) => ec2StateChange(where, instance, "stopped", at, id));
  }
  return {
    id: plan.id,
    kind: "incident",
    service: svc.name,
    start: t0,
    end,
    alarms: plan.alarms.length,
    flapping: !!flap,
    flapWithinWindow: !!flap?.within,
  };
}

/** A blip: one service alarm fires once and recovers within minutes. Its own incident. */
function drawBlip(rng: Prng, b: Builder, plan: Plan): TrueIncident {
  const alarm = plan.alarms[0] as AlarmDef;
  const end = plan.start + rng.range(1, 5) * MIN;
  b.alarm(alarm, "ALARM", "OK", plan.start, { incident: plan.id, kind: "alarm", role: "noise" });
  b.alarm(alarm, "OK", "ALARM", end, { incident: plan.id, kind: "recovery", role: "noise-ok" });
  const base = { id: plan.id, kind: "noise" as const, service: plan.service.name, alarms: 1 };
  const flags = { flapping: false, flapWithinWindow: false };
  return { ...base, ...flags, start: plan.start, end };
}

/**
 * Lays each service's incidents and blips out one after another with random gaps, keeping `guard` between
 * the end of one and the start of the next. Returns each service's busy intervals.
 */
function layOut(rng: Prng, plans: Plan[], o: StormOptions, startMs: number, guard: number) {
  const busy = new Map<string, [number, number][]>();
  const byService = new Map<string, Plan[]>();
  for (const plan of plans)
    byService.set(plan.service.name, [...(byService.get(plan.service.name) ?? []), plan]);
  for (const [name, list] of byService) {
    const order = rng.shuffle(list);
    const length = (p: Plan) => p.durationMs + 4 * MIN;
    const used = order.reduce((sum, p) => sum + length(p) + guard, 0);
    const meanGap = Math.max(MIN, (o.hours * 60 * MIN - used) / (order.length + 1));
    let cursor = startMs + rng.range(0, meanGap);
    const spans: [number, number][] = [];
    for (const plan of order) {
      plan.start = Math.round(cursor);
      spans.push([plan.start, plan.start + length(plan)]);
      cursor = plan.start + length(plan) + guard + rng.exp(meanGap);
    }
    busy.set(name, spans);
  }
  return busy;
}

/** Generates the storm. Pure function of `options`. */
export function generateStorm(partial: Partial<StormOptions> = {}): Storm {
  const o: StormOptions = { ...DEFAULT_STORM, ...partial };
  const rng = new Prng(o.seed);
  const startMs = Date.parse(o.start);
  const services = buildServices(rng, o.services);
  const weights = services.map(() => rng.range(1, 3));
  const guard = (Math.max(o.correlationWindowMinutes, o.flappingWindowMinutes) + 5) * MIN;
  const b = new Builder(rng);
  const truths: TrueIncident[] = [];
  // Services are drawn by weight among those with room left in the timeline (else the least loaded one).
  const load = services.map(() => 0);
  const capacity = o.hours * 60 * MIN;
  const assign = (durationMs: number): ServiceDef => {
    const need = durationMs + 4 * MIN + guard;
    const open = weights.map((w, i) => ((load[i] ?? 0) + need <= capacity ? w : 0));
    const least = load.indexOf(Math.min(...load));
    const index = open.some((w) => w > 0) ? rng.weighted(open) : least;
    load[index] = (load[index] ?? 0) + need;
    return services[index] as ServiceDef;
  };

  // Noise first, to know how much of the budget is left for the incidents.
  const noiseTarget = Math.round(o.events * o.noiseRate);
  const blips: Plan[] = [];
  let noiseEvents = 0;
  for (let n = 1; noiseEvents < noiseTarget; n++) {
    const id = `noise-${String(n).padStart(4, "0")}`;
    if (rng.chance(0.3)) {
      const service = assign(5 * MIN);
      const alarms = [rng.pick(service.alarms)];
      const context = { deployBefore: false, deployFailed: false, instanceStopped: false };
      blips.push({
        id,
        kind: "noise",
        service,
        alarms,
        durationMs: 5 * MIN,
        reevals: 0,
        flap: false,
        context,
        start: 0,
      });
      noiseEvents += 2;
      continue;
    }
    const alarm = orphanAlarm(rng, n);
    const at = startMs + rng.range(0, o.hours * 60 * MIN);
    b.alarm(alarm, "ALARM", "OK", at, { incident: id, kind: "alarm", role: "noise" });
    let end = at;
    if (rng.chance(0.5)) {
      end = at + rng.range(2, 15) * MIN;
      b.alarm(alarm, "OK", "ALARM", end, { incident: id, kind: "recovery", role: "noise-ok" });
    }
    noiseEvents += end > at ? 2 : 1;
    const flags = { flapping: false, flapWithinWindow: false };
    truths.push({ id, kind: "noise", service: null, start: at, end, alarms: 1, ...flags });
  }

  const duplicates = Math.round(o.events * o.duplicateRate);
  const health = Math.round(o.events * 0.002);
  const incidentBudget = o.events - duplicates - noiseEvents - health;
  const shares = Array.from({ length: o.incidents }, () => rng.range(0.5, 1.5));
  const shareSum = shares.reduce((a, c) => a + c, 0);
  const plans: Plan[] = shares.map((share, i) => {
    const k = rng.chance(0.1) ? 1 : rng.int(2, 6);
    const flap = rng.chance(o.flapRate);
    const context = {
      deployBefore: rng.chance(0.3),
      deployFailed: rng.chance(0.3),
      instanceStopped: rng.chance(0.2),
    };
    const fixed = 2 * k + (flap ? 2 : 0) + Object.values(context).filter(Boolean).length;
    const reevals = Math.max(0, Math.round((incidentBudget * share) / shareSum) - fixed);
    // Long enough for about one re-evaluation per alarm per minute at most.
    const minutes = Math.max(rng.range(12, 40), reevals / k + 8);
    const service = assign(minutes * MIN);
    const alarms = rng.sample(service.alarms, k);
    const id = `inc-${String(i + 1).padStart(4, "0")}`;
    return {
      id,
      kind: "incident",
      service,
      alarms,
      durationMs: minutes * MIN,
      reevals,
      flap,
      context,
      start: 0,
    };
  });
  const busy = layOut(rng, [...plans, ...blips], o, startMs, guard);
  for (const plan of plans) truths.push(drawIncident(rng, b, plan, o));
  for (const plan of blips) truths.push(drawBlip(rng, b, plan));

  // AWS Health notices for a service's instance while the service is quiet (5+ minutes from any incident).
  for (let h = 0; h < health; h++) {
    const svc = services[rng.weighted(weights)] as ServiceDef;
    const spans = busy.get(svc.name) ?? [];
    let at = startMs + rng.range(0, o.hours * 60 * MIN);
    for (
      let tries = 0;
      tries < 50 && spans.some(([s, e]) => at > s - 10 * MIN && at < e + 5 * MIN);
      tries++
    ) {
      at = startMs + rng.range(0, o.hours * 60 * MIN);
    }
    if (spans.some(([s, e]) => at > s - 10 * MIN && at < e + 5 * MIN)) continue;
    const instance = rng.pick(svc.instances);
    b.context(at, null, (id) =>
      healthRetirement({ account: svc.account, region: svc.region }, instance, at, id),
    );
  }

  // Redeliveries: same payload and id, later (15% of them within the same second: concurrent copies).
  const originals = b.drafts.length;
  for (let d = 0; d < duplicates; d++) {
    const source = b.drafts[rng.int(0, originals - 1)] as Draft;
    const lag = rng.chance(0.15) ? rng.range(0, 1000) : rng.range(1000, 150_000);
    b.drafts.push({
      at: source.at,
      arrivalMs: source.arrivalMs + lag,
      payload: structuredClone(source.payload),
      truth: { ...source.truth, duplicate: true },
    });
  }

  const ordered = b.drafts
    .map((draft, index) => ({ draft, index }))
    .sort((x, y) => x.draft.arrivalMs - y.draft.arrivalMs || x.index - y.index);
  const events: StormEvent[] = ordered.map(({ draft }, seq) => ({
    seq,
    arrivalMs: Math.round(draft.arrivalMs),
    payload: draft.payload,
    truth: draft.truth,
  }));
  truths.sort((x, y) => x.start - y.start || (x.id < y.id ? -1 : 1));
  return {
    options: o,
    events,
    incidents: truths,
    services,
    intakeConfig: {
      correlationWindowMinutes: o.correlationWindowMinutes,
      flappingWindowMinutes: o.flappingWindowMinutes,
      serviceMap: serviceMapFor(services),
    },
    startMs,
    endMs: Math.max(...events.map((e) => e.arrivalMs)),
  };
}
