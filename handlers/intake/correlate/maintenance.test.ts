import { describe, expect, it } from "vitest";
import { IntakeConfigSchema, type MaintenanceWindow } from "./config.js";
import { cronMatches, parseCron } from "./cron.js";
import { activeMaintenance, windowCovers } from "./maintenance.js";

describe("parseCron", () => {
  it.each(["0 2 * * SUN", "*/15 * * * *", "30 1-3 1,15 * MON-FRI", "0 0 * JAN-MAR 7"])(
    "accepts %s",
    (text) => {
      expect(parseCron(text)).toBeDefined();
    },
  );

  it.each(["", "* * * *", "60 * * * *", "* 24 * * *", "*/0 * * * *", "5-1 * * * *", "* * * * FUNDAY"])(
    "rejects %j",
    (text) => {
      expect(parseCron(text)).toBeUndefined();
    },
  );

  it("matches on minute, hour, month and either day field when both are set", () => {
    const cron = parseCron("0 2 1 * SUN");
    if (!cron) throw new Error("invalid");
    expect(cronMatches(cron, new Date("2024-03-01T02:00:00Z"))).toBe(true); // the 1st (a Friday)
    expect(cronMatches(cron, new Date("2024-03-03T02:00:00Z"))).toBe(true); // a Sunday
    expect(cronMatches(cron, new Date("2024-03-04T02:00:00Z"))).toBe(false);
    expect(cronMatches(cron, new Date("2024-03-03T02:01:00Z"))).toBe(false);
  });
});

describe("maintenance windows", () => {
  const weekly: MaintenanceWindow = { service: "checkout", cron: "0 2 * * SUN", durationMinutes: 60 };
  const once: MaintenanceWindow = {
    service: "*",
    start: "2024-03-14T09:00:00Z",
    end: "2024-03-14T10:00:00Z",
    reason: "db upgrade",
  };

  it("covers [start, end) of an explicit window", () => {
    expect(windowCovers(once, new Date("2024-03-14T09:00:00Z"))).toBe(true);
    expect(windowCovers(once, new Date("2024-03-14T09:59:59Z"))).toBe(true);
    expect(windowCovers(once, new Date("2024-03-14T10:00:00Z"))).toBe(false);
  });

  it("covers the duration after each cron start", () => {
    expect(windowCovers(weekly, new Date("2024-03-03T02:00:00Z"))).toBe(true);
    expect(windowCovers(weekly, new Date("2024-03-03T02:59:59Z"))).toBe(true);
    expect(windowCovers(weekly, new Date("2024-03-03T03:00:00Z"))).toBe(false);
    expect(windowCovers(weekly, new Date("2024-03-04T02:30:00Z"))).toBe(false);
  });

  it("applies to the named service or to every service with *", () => {
    const at = new Date("2024-03-03T02:10:00Z");
    expect(activeMaintenance([weekly], "checkout", at)).toBe(weekly);
    expect(activeMaintenance([weekly], "orders", at)).toBeUndefined();
    expect(activeMaintenance([weekly], undefined, at)).toBeUndefined();
    expect(activeMaintenance([once], undefined, new Date("2024-03-14T09:30:00Z"))).toBe(once);
  });

  it("config rejects a malformed cron with a clear message", () => {
    const result = IntakeConfigSchema.safeParse({
      maintenanceWindows: [{ service: "x", cron: "every sunday", durationMinutes: 30 }],
    });
    expect(result.success).toBe(false);
  });
});
