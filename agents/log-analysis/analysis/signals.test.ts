import { describe, expect, it } from "vitest";
import type { LogEvent } from "../../../tools/domain/index.js";
import type { LogEvidence } from "../schema.js";
import { analyseLogs } from "./analyse.js";
import { binomialUpperTail, rateChangeTail } from "./poisson.js";
import { burstTest, foldNearDuplicates, risingSample, variantOf } from "./signals.js";
import { MaskingMiner } from "./templates.js";

const T0 = Date.UTC(2026, 10, 26, 12, 0);
const at = (minute: number) => T0 + minute * 60_000;

function line(minute: number, message: string, level: LogEvent["level"] = "INFO"): LogEvent {
  return { time: new Date(at(minute)).toISOString(), logGroup: "/ecs/web", stream: "", level, message };
}

describe("rate tests", () => {
  it("binomial tail: exact small cases and limits", () => {
    expect(binomialUpperTail(0, 5, 0.3)).toBe(1);
    expect(binomialUpperTail(6, 5, 0.3)).toBe(0);
    expect(binomialUpperTail(2, 2, 0.2)).toBeCloseTo(0.04, 10);
    expect(binomialUpperTail(1, 3, 0.5)).toBeCloseTo(0.875, 10);
  });

  it("is less sure about a template the baseline never saw than a known-rate test would be", () => {
    // 3 lines in 15 minutes, none in 60: (15/75)^3.
    expect(rateChangeTail(3, 0, 15, 60)).toBeCloseTo(0.008, 6);
    expect(rateChangeTail(30, 10, 15, 60)).toBeLessThan(1e-10);
  });

  it("finds a burst at the end of a long window that the whole window dilutes", () => {
    const end = at(60);
    const steady = { incident: 12, baseline: 12, times: Array.from({ length: 12 }, (_, i) => at(i * 5)) };
    const burst = { incident: 12, baseline: 12, times: Array.from({ length: 12 }, (_, i) => at(56 + i / 4)) };
    const minutes = { incident: 60, baseline: 60 };
    expect(burstTest(steady, minutes, end).p).toBeGreaterThan(0.1);
    expect(burstTest(burst, minutes, end).p).toBeLessThan(1e-4);
  });
});

describe("variants and folding", () => {
  it("masks numbers and hex ids in variants", () => {
    expect(variantOf("GET /api/v1/pages/123 200 45ms")).toBe(variantOf("GET /api/v1/pages/98765 200 7ms"));
    expect(variantOf("task 9f3c2ab1 stopped")).toBe("task # stopped");
  });

  it("shows a rate increase with the variant that rose", () => {
    const variants = new Map([
      ["GET /pages/# #", { incident: 20, baseline: 80, sample: "GET /pages/1 200" }],
      ["GET /campaign #", { incident: 12, baseline: 0, sample: "GET /campaign 200" }],
    ]);
    expect(risingSample(variants, 0.25)).toBe("GET /campaign 200");
  });

  it("folds the same message logged at two levels", () => {
    const item = (template: string, level: string, incidentCount: number): LogEvidence => ({
      template,
      kind: "new",
      level,
      incidentCount,
      baselineCount: 0,
      score: incidentCount,
      sample: template,
    });
    const folded = foldNearDuplicates([
      item("ERROR [<*>] PutItem throttled", "ERROR", 5),
      item("WARN [<*>] PutItem throttled", "WARN", 4),
      item("ERROR [<*>] other", "ERROR", 1),
    ]);
    expect(folded).toHaveLength(2);
    expect(folded[0]).toMatchObject({ level: "ERROR", incidentCount: 9 });
  });
});

describe("ranking", () => {
  const base = { incidentMinutes: 15, baselineMinutes: 60, deployments: [], externalDependencies: [] };
  const chatter = (from: number, to: number) =>
    Array.from({ length: (to - from) * 3 }, (_, i) =>
      line(from + i / 3, `GET /api/items/${i} 200 ${i % 90}ms`),
    );

  it("puts a fresh two-line warning burst above a rare error spread over the window", () => {
    const incident = [
      ...chatter(45, 60),
      line(46, "ERROR client aborted: Broken pipe", "ERROR"),
      line(53, "ERROR client aborted: Broken pipe", "ERROR"),
      line(58, "WARN watchdog: all worker threads blocked", "WARN"),
      line(59, "WARN watchdog: all worker threads blocked", "WARN"),
      line(59.5, "ERROR watchdog: health check timed out", "ERROR"),
      line(59.8, "ERROR watchdog: health check timed out", "ERROR"),
    ];
    const f = analyseLogs({
      ...base,
      baseline: chatter(-15, 45),
      incident,
      miner: new MaskingMiner(),
      windowEnd: new Date(at(60)).toISOString(),
    });
    expect(f.evidence[0]?.template).toContain("watchdog");
  });
});
