import { describe, expect, it } from "vitest";
import { capacityFromLoad } from "./capacity-need.js";
import { planByRules } from "./rules.js";
import { evidenceAtAlarm } from "./test-support.js";

describe("capacity need from load per instance", () => {
  // 4 instances at 40 % serve 2400 requests/min: 1/15 CPU-% per request per instance.
  const calm = Array.from({ length: 20 }, () => ({ cpu: 40, instances: 4, requests: 2400 }));

  it("sees through a saturated CPU: 4.2x the requests need 14 instances, not 8", () => {
    const surge = Array.from({ length: 3 }, () => ({ cpu: 100, instances: 4, requests: 10_080 }));
    const need = capacityFromLoad([...calm, ...surge], surge);
    expect(need).toMatchObject({ needed: 14, exact: true });
  });

  it("ignores saturated minutes when learning what a request costs", () => {
    const saturated = Array.from({ length: 30 }, () => ({ cpu: 100, instances: 4, requests: 10_080 }));
    expect(capacityFromLoad([...calm, ...saturated], saturated.slice(-3))?.needed).toBe(14);
  });

  it("without request counts a saturated group gives only a lower bound", () => {
    const surge = [{ cpu: 99, instances: 4 }];
    expect(capacityFromLoad(surge, surge)).toMatchObject({ needed: 8, exact: false });
    const busy = [{ cpu: 80, instances: 4 }];
    expect(capacityFromLoad(busy, busy)).toMatchObject({ needed: 7, exact: true });
  });

  it("says nothing without in-service instances", () => {
    expect(capacityFromLoad([], [{ cpu: 0, instances: 0 }])).toBeUndefined();
  });
});

describe("a plan that knows its limits", () => {
  async function planFor(name: string) {
    const { ports, evidence } = await evidenceAtAlarm(name);
    return planByRules(ports, evidence);
  }

  it("a surge beyond MaxSize: scale to the maximum as a partial mitigation and say what is left", async () => {
    const plan = await planFor("surge-beyond-max-partial");
    expect(plan).toMatchObject({ kind: "action", actionId: "asg-set-desired-capacity" });
    expect(plan.params).toMatchObject({ DesiredCapacity: 8 });
    expect(plan.shortfall?.planned).toBe(8);
    expect(plan.shortfall?.needed).toBeGreaterThan(8);
    expect(plan.shortfall?.left).toMatch(/MaxSize is 8/);
    expect(plan.rationale).toMatch(/partial mitigation/);
  });

  it("a surge the group can absorb is a plain fix, with no shortfall", async () => {
    const plan = await planFor("traffic-surge-asg");
    expect(plan.kind).toBe("action");
    expect(plan.shortfall).toBeUndefined();
  });
});
