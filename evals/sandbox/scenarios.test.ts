/**
 * Every scenario in evals/scenarios keeps its promises: incidents raise an alarm, every acceptable action
 * meets the catalogue's success signal and clears the alarm, and the control stays quiet.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { findAction } from "../../knowledge/actions/index.js";
import type { Sandbox } from "./index.js";
import { createSandbox, loadScenario } from "./index.js";
import { runAction } from "./test-support.js";

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

it("ships the required scenarios", () => {
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
    it("raises no alarm for its whole duration", () => {
      const sb = createSandbox(scenario);
      expect(sb.runUntilAlarm()).toEqual([]);
      expect(sb.minute()).toBe(scenario.timeline.durationMinutes);
    });
    return;
  }

  it("raises an alarm after the fault starts", () => {
    const sb = createSandbox(scenario);
    const events = sb.runUntilAlarm();
    expect(events.filter((e) => e.detail.state.value === "ALARM")).toHaveLength(1);
    expect(sb.minute()).toBeGreaterThan(scenario.timeline.faultStartMinute);
    expect(sb.minute()).toBeLessThan(scenario.timeline.faultStartMinute + 30);
  });

  for (const acceptable of truth.acceptableActions) {
    it(`recovers with ${acceptable.actionId}`, async () => {
      const sb = createSandbox(scenario);
      const alarm = sb.runUntilAlarm().find((e) => e.detail.state.value === "ALARM");
      const action = findAction(acceptable.actionId);
      const params = action?.params.parse(acceptable.params) as Record<string, unknown>;
      const execution = await runAction(sb, acceptable.actionId, params);
      expect(execution.status).toBe("Success");
      expect(await signalRecovers(sb, acceptable.actionId, params, action?.targetOf(params) ?? "")).toBe(
        true,
      );
      sb.advance(3);
      expect((await sb.ports.alarms.describe(alarm?.detail.alarmName ?? ""))?.state).toBe("OK");
      expect(sb.faults().every((f) => f.status === "resolved")).toBe(true);
    });
  }
});
