import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ScenarioError } from "../../tools/sandbox/index.js";
import { loadScenario, parseScenario, scenarioJsonSchema } from "./index.js";

const scenarios = resolve(import.meta.dirname, "../scenarios");
const dir = mkdtempSync(join(tmpdir(), "air-scenarios-"));

/** Writes a variant of a built-in scenario and returns its path. */
function variant(base: string, name: string, edit: (text: string) => string): string {
  const path = join(dir, name);
  writeFileSync(path, edit(readFileSync(join(scenarios, base), "utf8")));
  return path;
}

function errorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error("expected a ScenarioError");
}

describe("loadScenario errors", () => {
  it("says when the file does not exist", () => {
    const error = errorOf(() => loadScenario("evals/scenarios/nope.yaml"));
    expect(error.message).toMatch(/^Scenario file not found: evals\/scenarios\/nope\.yaml/);
    expect(error.message).toContain("built-in scenarios are in evals/scenarios/");
  });

  it("points at the line of a YAML syntax error", () => {
    const path = variant("disk-full-logs.yaml", "bad-yaml.yaml", (t) =>
      t.replace("title: Reports", 'title: "Reports'),
    );
    const error = errorOf(() => loadScenario(path));
    expect(error.message).toMatch(
      new RegExp(`^Scenario ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+ is not valid YAML`),
    );
    expect(error.message).toContain("Fix the YAML syntax");
  });

  it("lists the known kinds for an unknown fault kind", () => {
    const path = variant("memory-leak-ec2.yaml", "unknown-kind.yaml", (t) =>
      t.replace("kind: memory-leak", "kind: memleak"),
    );
    const error = errorOf(() => loadScenario(path));
    expect(error.message).toContain(path);
    expect(error.issues).toEqual([
      {
        path: ["faults", 0, "kind"],
        message: expect.stringContaining(
          "unknown fault kind 'memleak'; known kinds: aws-health-event, bad-ecs-deploy",
        ),
      },
    ]);
    expect(error.message).toContain("  - faults[0].kind: unknown fault kind 'memleak'");
  });

  it("names a missing field and says to add it", () => {
    const path = variant("disk-full-logs.yaml", "missing-seed.yaml", (t) => t.replace(/\n {2}seed: \d+/, ""));
    const error = errorOf(() => loadScenario(path));
    expect(error.message).toContain("  - metadata.seed: is required (expected number); add it");
  });

  it("catches misspelt fields, bad fault params and dangling references", () => {
    const path = variant("traffic-surge-asg.yaml", "several.yaml", (t) =>
      t
        .replace("evaluationPeriods: 3", "evaluationPeriod: 3")
        .replace("factor: 2.6", "factor: 0.5")
        .replace("target: web-asg", "target: api-asg")
        .replace("AutoScalingGroupName: web-asg }\n    stat", "AutoScalingGroupName: webasg }\n    stat"),
    );
    const error = errorOf(() => loadScenario(path));
    expect(error.message).toMatch(
      /triggers\[0\]: Unrecognized key: "evaluationPeriod"; remove it or check its spelling/,
    );
    const parsed = variant("traffic-surge-asg.yaml", "refs.yaml", (t) =>
      t
        .replace("factor: 2.6", "factor: 0.5")
        .replace("target: web-asg", "target: api-asg")
        .replace("AutoScalingGroupName: web-asg }\n    stat", "AutoScalingGroupName: webasg }\n    stat"),
    );
    const refs = errorOf(() => loadScenario(parsed));
    const paths = refs.issues.map((i) => i.path.join("."));
    expect(paths).toEqual([
      "faults.0.target",
      "faults.0.params.factor",
      "triggers.0.metric.dimensions.AutoScalingGroupName",
    ]);
    expect(refs.message).toContain(
      "'api-asg' is not a declared autoscaling-group; 'traffic-surge' targets one of: web-asg",
    );
    expect(refs.message).toContain("the alarm could never fire; use one of web-asg");
  });

  it("accepts an alarm on a declared queue's dead-letter queue, and names both when the queue is unknown", () => {
    expect(loadScenario(resolve(scenarios, "dlq-backlog-after-consumer-outage.yaml")).triggers).toHaveLength(
      1,
    );
    const path = variant("dlq-backlog-after-consumer-outage.yaml", "dlq.yaml", (t) =>
      t.replace("dimensions: { QueueName: payment-events-dlq }", "dimensions: { QueueName: payments-dlq }"),
    );
    expect(errorOf(() => loadScenario(path)).message).toContain(
      "the alarm could never fire; use one of payment-events, payment-events-dlq",
    );
  });

  it("checks ground truth against the action catalogue", () => {
    const path = variant("disk-full-logs.yaml", "truth.yaml", (t) =>
      t
        .replace("actionId: ec2-cleanup-rotated-logs", "actionId: ec2-delete-logs")
        .replace(/\n {2}severity: SEV3/, ""),
    );
    const error = errorOf(() => loadScenario(path));
    expect(error.message).toContain("groundTruth.severity: required when isIncident is true");
    const fixedSeverity = variant("disk-full-logs.yaml", "truth2.yaml", (t) =>
      t.replace("actionId: ec2-cleanup-rotated-logs", "actionId: ec2-delete-logs"),
    );
    expect(errorOf(() => loadScenario(fixedSeverity)).message).toContain(
      "groundTruth.acceptableActions[0].actionId: 'ec2-delete-logs' is not in the action catalogue",
    );
  });

  it("validates inline objects with a source name", () => {
    const error = errorOf(() => parseScenario({ apiVersion: "air.dev/v1", kind: "Scenario" }, "inline test"));
    expect(error.message).toMatch(/^Scenario inline test is invalid/);
    expect(error.message).toContain(
      'apiVersion: Invalid input: expected "air.dev/v1alpha1"; use exactly that value',
    );
  });
});

describe("scenario format", () => {
  it("exports a JSON Schema of what authors write", () => {
    const schema = scenarioJsonSchema();
    expect(schema["type"]).toBe("object");
    const properties = schema["properties"] as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(
      expect.arrayContaining([
        "apiVersion",
        "kind",
        "metadata",
        "environment",
        "timeline",
        "faults",
        "noise",
        "triggers",
        "groundTruth",
      ]),
    );
    expect(JSON.stringify(schema)).toContain("autoscaling-group");
  });

  it("accepts action ids as shorthand in ground truth", () => {
    const scenario = loadScenario(join(scenarios, "third-party-outage.yaml"));
    expect(scenario.groundTruth.forbiddenActions[0]).toEqual({ actionId: "ecs-rollback-service" });
    expect(scenario.groundTruth.acceptableActions).toEqual([]);
  });
});
