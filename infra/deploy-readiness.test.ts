/**
 * Stack settings that only show in a real account: the slow-run alarm can fire (its threshold is below the
 * worker timeout), and the public approval function has reserved concurrency.
 */
import { describe, expect, it } from "vitest";
import { configFromContext, graphRunAlarmSeconds, ResponderConfigSchema } from "./config.js";
import { resourcesOfType, synthStack } from "./test-support.js";

describe("slow-run alarm", () => {
  it("defaults below the worker timeout (80% of it)", () => {
    const { template, config } = synthStack({ bundle: false });
    const timeoutMs = config.workerTimeoutMinutes * 60_000;
    const [, alarm] = resourcesOfType(template, "AWS::CloudWatch::Alarm").find(([, a]) =>
      String(a.Properties?.AlarmName).endsWith("graph-run-duration"),
    ) ?? [undefined, undefined];
    expect(alarm?.Properties?.Threshold).toBe(0.8 * timeoutMs);
    expect(Number(alarm?.Properties?.Threshold)).toBeLessThan(timeoutMs);
  });

  it("refuses a threshold at or above the worker timeout, naming both keys", () => {
    const config = ResponderConfigSchema.parse({
      workerTimeoutMinutes: 5,
      graphRunDurationAlarmSeconds: 600,
    });
    expect(() => graphRunAlarmSeconds(config)).toThrow(
      /air:graphRunDurationAlarmSeconds: 600 s is not below the worker timeout \(300 s, air:workerTimeoutMinutes\)/,
    );
    expect(
      graphRunAlarmSeconds(configFromContext(() => undefined, { graphRunDurationAlarmSeconds: 200 })),
    ).toBe(200);
  });
});

describe("public approval function", () => {
  const approvalFn = (template: ReturnType<typeof synthStack>["template"]) =>
    resourcesOfType(template, "AWS::Lambda::Function").find(([, f]) =>
      String(f.Properties?.Description).startsWith("air approval"),
    )?.[1];

  it("has reserved concurrency (configurable, 0 = none)", () => {
    expect(approvalFn(synthStack({ bundle: false }).template)?.Properties?.ReservedConcurrentExecutions).toBe(
      5,
    );
    const none = synthStack({ bundle: false, context: { "air:approvalReservedConcurrency": "0" } });
    expect(approvalFn(none.template)?.Properties?.ReservedConcurrentExecutions).toBeUndefined();
  });
});
