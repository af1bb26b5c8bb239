import { describe, expect, it } from "vitest";
import type { ChangeEvent, LogEvent } from "../../tools/domain/index.js";
import { assessChange, changeTokens, HEALTHY_AFTER_MINUTES } from "./change-evidence.js";

const T0 = Date.parse("2025-01-01T10:00:00Z");
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const change: ChangeEvent = {
  id: "c1",
  time: at(0),
  service: "api",
  resourceId: "prod/api",
  kind: "deployment",
  summary: "ECS deployment of api:8 (image api:4be01f2)",
  from: "api:7",
  to: "api:8",
};
/** Per-minute health from minute -1 to onset-1: bad from `badFrom` on. */
function minutes(onset: number, badFrom: number) {
  return Array.from({ length: onset + 1 }, (_, k) => ({ time: at(k - 1), bad: k - 1 >= badFrom }));
}
const error = (minute: number, message: string): LogEvent => ({
  time: at(minute),
  logGroup: "/ecs/api",
  stream: "",
  level: "ERROR",
  message,
});

describe("change attribution by evidence", () => {
  it("clears a change followed by a healthy period before the symptoms", () => {
    const a = assessChange(change, new Date(at(20)), minutes(20, 20), [error(20, "peer timed out")]);
    expect(a.plausible).toBe(false);
    expect(a.healthyMinutesAfter).toBeGreaterThanOrEqual(HEALTHY_AFTER_MINUTES);
    expect(a.minutesToFirstError).toBe(20);
    expect(a.why).toMatch(/stayed healthy for 18 minutes/);
  });

  it("keeps a change whose effect shows within minutes", () => {
    const a = assessChange(change, new Date(at(3)), minutes(3, 2), []);
    expect(a.plausible).toBe(true);
  });

  it("keeps a change whose errors name the revision it put in place, however late they start", () => {
    const a = assessChange(change, new Date(at(20)), minutes(20, 20), [
      error(20, "task api:8 failed to start: missing key"),
    ]);
    expect(a.errorsNameChange).toBe(true);
    expect(a.plausible).toBe(true);
  });

  it("never clears a change for lack of metric data", () => {
    expect(assessChange(change, new Date(at(20)), undefined, []).plausible).toBe(true);
  });

  it("reads the revision and version tokens of a change", () => {
    expect(changeTokens(change)).toEqual(["api:8", "4be01f2"]);
  });
});
