import { describe, expect, it } from "vitest";
import { loadFixture } from "../fixtures/load.js";
import { parseEvent } from "../parse-event.js";
import { resolveService, ServiceMapSchema } from "./service-map.js";

const map = ServiceMapSchema.parse({
  byAlarmPrefix: { "checkout-": "checkout", "checkout-api-": "checkout-api" },
  byDimension: { InstanceId: { "i-12345678901234567": "billing" } },
});

describe("resolveService", () => {
  it("prefers a service tag", () => {
    const clues = { alarmName: "checkout-api-5xx", tags: { service: "payments" }, dimensions: {} };
    expect(resolveService(clues, map)).toBe("payments");
  });

  it("then a mapped dimension value", () => {
    const clues = { alarmName: "checkout-x", tags: {}, dimensions: { InstanceId: "i-12345678901234567" } };
    expect(resolveService(clues, map)).toBe("billing");
  });

  it("then the longest alarm-name prefix", () => {
    expect(resolveService({ alarmName: "checkout-api-5xx", tags: {}, dimensions: {} }, map)).toBe(
      "checkout-api",
    );
    expect(resolveService({ alarmName: "checkout-db", tags: {}, dimensions: {} }, map)).toBe("checkout");
  });

  it("then a dimension naming the service itself", () => {
    const clues = { alarmName: "x", tags: {}, dimensions: { ClusterName: "prod", ServiceName: "orders" } };
    expect(resolveService(clues, map)).toBe("orders");
  });

  it("is undefined when nothing matches, and ignores prototype keys from hostile input", () => {
    expect(resolveService({ alarmName: "x", tags: {}, dimensions: {} }, map)).toBeUndefined();
    const hostile = { alarmName: "x", tags: {}, dimensions: { InstanceId: "constructor" } };
    expect(resolveService(hostile, map)).toBeUndefined();
  });

  it("applies the service map during parseEvent", () => {
    const event = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json");
    const result = parseEvent(event, {
      serviceMap: { byDimension: { InstanceId: { "i-12345678901234567": "billing" } } },
    });
    expect(result.ok && result.alerts[0]?.service).toBe("billing");
    const tagged = structuredClone(event) as { detail: Record<string, unknown> };
    tagged.detail["alarmTags"] = { service: "from-tag" };
    const withTag = parseEvent(tagged);
    expect(withTag.ok && withTag.alerts[0]?.service).toBe("from-tag");
  });
});
