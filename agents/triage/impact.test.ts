import { describe, expect, it } from "vitest";
import type { ResourceDescription } from "../../tools/domain/index.js";
import { worldAtAlarm } from "../shared/test-support.js";
import { nonProductionEnvironment } from "./expected.js";
import { saturationTrend } from "./impact.js";
import { triageByRules } from "./rules.js";

const res = (tags: Record<string, string>): ResourceDescription => ({
  id: "x",
  type: "autoscaling-group",
  service: "s",
  state: "InService",
  tags,
  attributes: {},
});

describe("impact and context before action", () => {
  it("a saturated or fast-climbing CPU is imminent impact; a flat busy one is not", () => {
    expect(saturationTrend([85, 95, 98, 99])).toMatch(/saturated \(/);
    expect(saturationTrend([60, 70, 80, 92])).toMatch(/rising/);
    expect(saturationTrend([40, 46, 52, 58, 64, 70, 76])).toMatch(/rising/);
    expect(saturationTrend([80, 81, 79, 80, 81, 80])).toBeUndefined();
  });

  it("an environment tag counts only when every alarmed resource says non-production", () => {
    expect(nonProductionEnvironment([res({ Environment: "staging" })])).toBe("staging");
    expect(nonProductionEnvironment([res({ env: "prod" })])).toBeUndefined();
    expect(nonProductionEnvironment([res({ Environment: "staging" }), res({})])).toBeUndefined();
    expect(nonProductionEnvironment([])).toBeUndefined();
  });

  it.each([
    ["busy-cpu-within-objective", /users are not affected/],
    ["load-test-on-change-calendar", /Quarterly load test of search.*change calendar planned-activity/],
    ["staging-tier-saturated", /tagged environment "staging"/],
  ])("%s: expected, no action, and the reason says why", async (name, reason) => {
    const { ports, incident } = await worldAtAlarm(name);
    const triage = await triageByRules(ports, incident);
    expect(triage.isIncident).toBe(false);
    expect(triage.hypothesis).toMatch(reason);
  });

  it.each(["traffic-surge-asg", "scheduled-batch-spike", "surge-beyond-max-partial"])(
    "%s: a capacity alarm users feel is still an incident",
    async (name) => {
      const { ports, incident } = await worldAtAlarm(name);
      expect((await triageByRules(ports, incident)).isIncident).toBe(true);
    },
  );

  it("one instance out of line with its fleet is not explained by planned fleet-wide activity", async () => {
    const { ports, incident } = await worldAtAlarm("guardduty-crypto-mining");
    const withCalendar = {
      ...ports,
      calendar: { activeEvents: async () => [{ calendar: "planned-activity", summary: "game day" }] },
    };
    expect((await triageByRules(withCalendar, incident)).isIncident).toBe(true);
  });
});
