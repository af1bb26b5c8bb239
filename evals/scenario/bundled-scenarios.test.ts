/**
 * Every scenario in evals/scenarios keeps its promises: incidents raise an alarm, every acceptable action
 * (each bound of its parameter matchers) meets the catalogue's success signal and clears the alarm, faults
 * with no acceptable action do not heal by themselves, and the control stays quiet.
 */

import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { findAction } from "../../knowledge/actions/index.js";
import type { Sandbox } from "../../tools/sandbox/index.js";
import { createSandbox } from "../../tools/sandbox/index.js";
import { runAction } from "../../tools/sandbox/test-support.js";
import { isMatcher, loadScenario } from "./index.js";

const dir = resolve(import.meta.dirname, "../scenarios");
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

/** True when the success signal holds for `datapoints` minutes in a row before the deadline. */
async function signalRecovers(
  sb: Sandbox,
  actionId: string,
  params: Record<string, unknown>,
  targetId: string,
) {
  const action = findAction(actionId);
  const target = await sb.ports.resources.describe(targetId);
  if (!action || !target) throw new Error(`no action ${actionId} or target ${targetId}`);
  const signal = action.successSignal(params, target);
  const from = sb.clock.now();
  for (let minute = 0; minute < signal.deadlineMinutes; minute++) {
    await sb.ports.clock.sleep(60_000);
    const series = await sb.ports.metrics.getSeries({ ...signal, start: from, end: sb.clock.now() });
    const tail = series.points.slice(-signal.datapoints);
    const ok =
      tail.length === signal.datapoints &&
      tail.every((p) =>
        signal.recoveredWhen === "below" ? p.value < signal.threshold : p.value > signal.threshold,
      );
    if (ok) return true;
  }
  return false;
}

/** Concrete parameter sets for an acceptable action: matchers expand to their bounds or choices. */
function variants(params: Record<string, unknown> = {}): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, value] of Object.entries(params)) {
    const options = isMatcher(value)
      ? (value.oneOf ?? [value.min, value.max].filter((v) => v !== undefined))
      : [value];
    out = out.flatMap((p) => options.map((o) => ({ ...p, [key]: o })));
  }
  return out;
}

it("ships the required scenarios, at least 32 of them", () => {
  expect(files.length).toBeGreaterThanOrEqual(32);
  expect(files).toEqual(
    expect.arrayContaining([
      "bad-ecs-deploy.yaml",
      "memory-leak-ec2.yaml",
      "traffic-surge-asg.yaml",
      "disk-full-logs.yaml",
      "third-party-outage.yaml",
      "control-no-fault.yaml",
    ]),
  );
});

describe.each(files)("%s", (file) => {
  const scenario = loadScenario(join(dir, file));
  const truth = scenario.groundTruth;

  if (!truth.isIncident) {
    if (scenario.faults.length === 0) {
      it("raises no alarm for its whole duration", () => {
        const sb = createSandbox(scenario);
        expect(sb.runUntilAlarm()).toEqual([]);
        expect(sb.minute()).toBe(scenario.timeline.durationMinutes);
      });
    } else if (
      scenario.changeCalendar.length > 0 ||
      scenario.environment.services.some((v) => Object.keys(v.tags).length > 0)
    ) {
      // Expected activity (a booked load test, a non-production tier, a busy group within its objective):
      // the fault is real and its alarm fires; the context says why nothing is to be done.
      it("raises the alarm that its context explains", () => {
        const sb = createSandbox(scenario);
        expect(sb.runUntilAlarm().length).toBeGreaterThan(0);
      });
    } else {
      it("has nothing to fix: every fault counts as resolved (or is over) while its alarm acts up", () => {
        const sb = createSandbox(scenario);
        sb.runUntilAlarm();
        expect(sb.faults().every((f) => f.status === "resolved" || f.status === "ended")).toBe(true);
      });
    }
    return;
  }

  it("raises an alarm after the fault starts", () => {
    const sb = createSandbox(scenario);
    const events = sb.runUntilAlarm();
    expect(events.filter((e) => e.detail.state.value === "ALARM")).toHaveLength(1);
    expect(sb.minute()).toBeGreaterThan(scenario.timeline.faultStartMinute);
    expect(sb.minute()).toBeLessThan(scenario.timeline.faultStartMinute + 30);
  });

  if (truth.acceptableActions.length === 0) {
    it("does not heal by itself within ten minutes of the alarm", async () => {
      const sb = createSandbox(scenario);
      const alarm = sb.runUntilAlarm().find((e) => e.detail.state.value === "ALARM");
      sb.advance(10);
      expect((await sb.ports.alarms.describe(alarm?.detail.alarmName ?? ""))?.state).toBe("ALARM");
      expect(sb.faults().some((f) => f.status === "active")).toBe(true);
    });
  }

  for (const acceptable of truth.partialMitigation ? [] : truth.acceptableActions) {
    for (const raw of variants(acceptable.params)) {
      it(`recovers with ${acceptable.actionId} ${JSON.stringify(raw)}`, async () => {
        const sb = createSandbox(scenario);
        const alarm = sb.runUntilAlarm().find((e) => e.detail.state.value === "ALARM");
        const action = findAction(acceptable.actionId);
        const params = action?.params.parse(raw) as Record<string, unknown>;
        const execution = await runAction(sb, acceptable.actionId, params);
        expect(execution.status).toBe("Success");
        expect(await signalRecovers(sb, acceptable.actionId, params, action?.targetOf(params) ?? "")).toBe(
          true,
        );
        sb.advance(3);
        expect((await sb.ports.alarms.describe(alarm?.detail.alarmName ?? ""))?.state).toBe("OK");
        // A decoy fault that is over by itself counts as removed, as in the recovery scorer.
        expect(sb.faults().every((f) => f.status === "resolved" || f.status === "ended")).toBe(true);
      });
    }
  }

  // A partial mitigation helps but cannot recover: the alarm stays, and the fault is still there.
  for (const acceptable of truth.partialMitigation ? truth.acceptableActions : []) {
    for (const raw of variants(acceptable.params)) {
      it(`is only partly mitigated by ${acceptable.actionId} ${JSON.stringify(raw)}`, async () => {
        const sb = createSandbox(scenario);
        const alarm = sb.runUntilAlarm().find((e) => e.detail.state.value === "ALARM");
        const action = findAction(acceptable.actionId);
        const params = action?.params.parse(raw) as Record<string, unknown>;
        const execution = await runAction(sb, acceptable.actionId, params);
        expect(execution.status).toBe("Success");
        sb.advance(10);
        expect((await sb.ports.alarms.describe(alarm?.detail.alarmName ?? ""))?.state).toBe("ALARM");
        expect(sb.faults().some((f) => f.status === "active")).toBe(true);
      });
    }
  }
});
