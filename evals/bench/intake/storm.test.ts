import { createHash } from "node:crypto";
import { parseEvent } from "../../../handlers/intake/index.js";
import { generateStorm, type Storm } from "./storm.js";

const small = { events: 2000, incidents: 50, services: 12, hours: 6 };
const MIN = 60_000;

function digest(storm: Storm): string {
  return createHash("sha256").update(JSON.stringify(storm.events)).digest("hex");
}

describe("generateStorm", () => {
  const storm = generateStorm({ seed: 7, ...small });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(digest(generateStorm({ seed: 7, ...small }))).toBe(digest(storm));
    expect(digest(generateStorm({ seed: 8, ...small }))).not.toBe(digest(storm));
  });

  it("generates about the requested number of deliveries, in arrival order", () => {
    expect(Math.abs(storm.events.length - small.events)).toBeLessThan(small.events * 0.02);
    storm.events.forEach((event, i) => {
      expect(event.seq).toBe(i);
      if (i > 0) expect(event.arrivalMs).toBeGreaterThanOrEqual(storm.events[i - 1]?.arrivalMs ?? 0);
    });
    expect(storm.incidents.filter((i) => i.kind === "incident")).toHaveLength(small.incidents);
  });

  it("labels every event, and every ALARM delivery with a known incident", () => {
    const ids = new Set(storm.incidents.map((i) => i.id));
    const withAlarms = new Set<string>();
    for (const { truth } of storm.events) {
      expect(["alarm", "recovery", "context"]).toContain(truth.kind);
      expect(truth.deliveryId).toMatch(/^[0-9a-f-]{36}$/);
      if (truth.kind !== "context") {
        expect(truth.incident).not.toBeNull();
        expect(ids.has(truth.incident ?? "")).toBe(true);
      }
      if (truth.kind === "alarm" && truth.incident) withAlarms.add(truth.incident);
    }
    // Every true incident (noise included) has at least one ALARM delivery.
    expect(withAlarms).toEqual(ids);
  });

  it("redelivers only events generated earlier, under the same id", () => {
    const originals = new Map<string, number>();
    for (const event of storm.events) {
      if (!event.truth.duplicate) originals.set(event.truth.deliveryId, event.arrivalMs);
    }
    const duplicates = storm.events.filter((e) => e.truth.duplicate);
    expect(duplicates.length).toBeGreaterThan(0);
    for (const dup of duplicates) {
      const original = originals.get(dup.truth.deliveryId);
      expect(original).toBeDefined();
      expect(dup.arrivalMs).toBeGreaterThanOrEqual(original ?? Number.POSITIVE_INFINITY);
    }
  });

  it("separates one service's incidents by more than the correlation and flapping windows", () => {
    const guard = Math.max(storm.options.correlationWindowMinutes, storm.options.flappingWindowMinutes) * MIN;
    const byService = new Map<string, { start: number; end: number }[]>();
    for (const inc of storm.incidents) {
      if (inc.service) byService.set(inc.service, [...(byService.get(inc.service) ?? []), inc]);
    }
    for (const list of byService.values()) {
      const sorted = [...list].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i++) {
        expect((sorted[i]?.start ?? 0) - (sorted[i - 1]?.end ?? 0)).toBeGreaterThan(guard);
      }
    }
  });

  it("produces events intake parses, with the truth's service and delivery id", () => {
    const byId = new Map(storm.incidents.map((i) => [i.id, i]));
    for (const event of storm.events) {
      const parsed = parseEvent(event.payload, { serviceMap: storm.intakeConfig.serviceMap ?? {} });
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (!parsed.ok || event.truth.kind === "context") continue;
      const alert = parsed.alerts[0];
      expect(alert?.id).toBe(event.truth.deliveryId);
      const truth = byId.get(event.truth.incident ?? "");
      expect(alert?.service ?? null).toBe(truth?.service ?? null);
    }
  });

  it("mixes the shapes and behaviours the benchmark is about", () => {
    const roles = new Set(storm.events.map((e) => e.truth.role));
    for (const role of ["onset", "reeval", "flap-ok", "flap-alarm", "recovery", "noise", "context"]) {
      expect(roles).toContain(role);
    }
    const sns = storm.events.filter((e) => "Records" in e.payload).length;
    expect(sns).toBeGreaterThan(storm.events.length * 0.05);
    expect(sns).toBeLessThan(storm.events.length * 0.5);
  });
});
