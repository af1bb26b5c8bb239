/** Property tests: whatever arrives, parseEvent returns a valid result or a clear error, and never throws. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AlertSchema } from "../../tools/domain/alert.js";
import { fixtureNames, loadFixture } from "./fixtures/load.js";
import { type ParseEventResult, parseEvent } from "./parse-event.js";

type Path = (string | number)[];

const FIXTURES = [
  ...fixtureNames("aws-events").map((name) => loadFixture("aws-events", name)),
  ...fixtureNames("authored").map((name) => loadFixture("authored", name)),
];

/** Every path in a JSON value (objects and arrays included). */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

/** A deep copy of `root` with the value at `path` replaced (or deleted when `value` is the DELETE marker). */
const DELETE = Symbol("delete");
function mutate(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === DELETE) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** The contract every result must meet. */
function wellFormed(result: ParseEventResult): void {
  if (result.ok) {
    for (const alert of result.alerts) expect(AlertSchema.safeParse(alert).success).toBe(true);
    return;
  }
  const { error } = result;
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.message.length).toBeLessThan(400);
  expect(error.hint.length).toBeGreaterThan(0);
  expect(error.path.startsWith("$")).toBe(true);
  expect(error.issues.length).toBeLessThanOrEqual(10);
}

const hostileValue = fc.oneof(
  fc.constant(DELETE),
  fc.anything(),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.integer({ min: 1, max: 3 }).map((n) => "x".repeat(100_000 * n)),
  fc.constantFrom(null, 0, -1, Number.MAX_SAFE_INTEGER, true, [], {}, "", " ", "\u0000", "ALARM"),
  fc.integer({ min: 50, max: 2000 }).map((depth) => {
    let nested: unknown = "bottom";
    for (let i = 0; i < depth; i++) nested = { a: [nested] };
    return nested;
  }),
);

describe("parseEvent properties", () => {
  it("arbitrary JSON values → a result, never a throw", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => wellFormed(parseEvent(value))),
      { numRuns: 500 },
    );
  });

  it("arbitrary values (including non-JSON ones) → a result, never a throw", () => {
    fc.assert(
      fc.property(fc.anything({ withMap: true, withSet: true, withBigInt: true, withDate: true }), (value) =>
        wellFormed(parseEvent(value)),
      ),
      { numRuns: 500 },
    );
  });

  it("arbitrary text → a result, never a throw", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => wellFormed(parseEvent(text))),
      { numRuns: 300 },
    );
  });

  it("every fixture with one field deleted or replaced by hostile data → a result, never a throw", () => {
    const cases = FIXTURES.flatMap((fixture) => paths(fixture).map((path) => ({ fixture, path })));
    fc.assert(
      fc.property(fc.constantFrom(...cases), hostileValue, ({ fixture, path }, value) => {
        wellFormed(parseEvent(mutate(fixture, path, value)));
      }),
      { numRuns: 1500 },
    );
  });

  it("a missing required field is reported at its path", () => {
    const metric = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json");
    const required: Path[] = [
      ["id"],
      ["account"],
      ["region"],
      ["time"],
      ["detail"],
      ["detail", "alarmName"],
      ["detail", "state"],
      ["detail", "state", "value"],
      ["detail", "state", "timestamp"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...required), (path) => {
        const result = parseEvent(mutate(metric, path, DELETE));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const expected = `$${path.map((p) => `.${p}`).join("")}`;
        expect(result.error.path).toBe(expected);
        expect(result.error.message).toContain("required field is missing");
      }),
    );
  });

  it("wrong types in required fields are reported at their path", () => {
    const metric = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json");
    const wrong = fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer()),
      fc.object(),
    );
    fc.assert(
      fc.property(
        fc.constantFrom<Path>(["detail", "alarmName"], ["account"], ["detail", "state", "value"]),
        wrong,
        (path, value) => {
          const result = parseEvent(mutate(metric, path, value));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.path).toBe(`$${path.map((p) => `.${p}`).join("")}`);
        },
      ),
    );
  });

  it("unicode alarm names survive normalisation with a stable fingerprint", () => {
    const metric = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), (name) => {
        const event = mutate(metric, ["detail", "alarmName"], name);
        const first = parseEvent(event);
        const again = parseEvent(structuredClone(event));
        if (name.length > 255) return;
        expect(first.ok).toBe(true);
        if (!first.ok || !again.ok) return;
        expect(first.alerts[0]?.alarmName).toBe(name);
        expect(again.alerts[0]?.fingerprint).toBe(first.alerts[0]?.fingerprint);
      }),
    );
  });

  it("huge strings are refused cheaply with a size error, not parsed", () => {
    const metric = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json");
    const started = Date.now();
    const result = parseEvent(mutate(metric, ["detail", "state", "reason"], "r".repeat(5_000_000)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.path).toBe("$.detail.state.reason");
    const text = parseEvent("x".repeat(2_000_000));
    expect(text.ok || text.error.code).toBe("too-large");
  });

  it("input whose getters throw is reported as unreadable", () => {
    const hostile = {
      get "detail-type"(): string {
        throw new Error("boom");
      },
    };
    const result = parseEvent(hostile);
    expect(result.ok || result.error.code).toBe("unreadable");
  });
});
