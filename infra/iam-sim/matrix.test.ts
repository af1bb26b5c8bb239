/**
 * The IAM matrix in `npm test` (the default deployment; `npm run check:iam` adds a scoped one): every call of
 * the registry simulated against the synthesized policies, plus tests that a broken policy is caught.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { IAM_CALLS } from "../../tools/aws/iam-calls.js";
import { ACTION_IDS } from "../config.js";
import { synthStack } from "../test-support.js";
import { type IamMatrix, iamMatrix, type MatrixRow } from "./matrix.js";
import type { TemplateJson } from "./resolve.js";

const built = synthStack({ bundle: false });
const template = built.template.toJSON() as TemplateJson;
let matrix: IamMatrix;

beforeAll(async () => {
  matrix = await iamMatrix(built.stack, template, built.config);
}, 60_000);

const row = (id: string, principal: string): MatrixRow | undefined =>
  matrix.rows.find((r) => r.id === id && r.principal === principal);
const bad = (m: IamMatrix) =>
  m.rows
    .filter((r) => r.actual !== r.expected)
    .map((r) => `${r.id} ${r.principal}: ${r.actual} ${r.detail ?? ""}`);

describe("IAM registry", () => {
  it("has unique ids, a source for every call, and at least one allowed call per catalogue action", () => {
    const ids = IAM_CALLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of IAM_CALLS) expect(c.source, c.id).not.toBe("");
    for (const action of ACTION_IDS) {
      const calls = IAM_CALLS.filter((c) => c.actionId === action && c.expect !== "deny");
      expect(calls.length, `${action} has no entry in tools/aws/*/iam-calls.ts`).toBeGreaterThan(0);
    }
  });
});

describe("IAM matrix (default deployment)", () => {
  it("allows every expected call, denies everything else, and checks at least 60 decisions", () => {
    expect(bad(matrix)).toEqual([]);
    expect(matrix.summary.checked).toBeGreaterThanOrEqual(60);
    expect(matrix.summary.unexpectedAllows).toBe(0);
    expect(matrix.summary.unexpectedDenies).toBe(0);
    expect(matrix.summary.errors).toBe(0);
  });

  it("the worker can start the Amazon-owned restart runbook (no account id in its ARN); intake cannot", () => {
    expect(row("ssm.start-automation", "worker")?.actual).toBe("allow");
    expect(row("ssm.start-automation", "intake")?.actual).toBe("deny");
    expect(row("ssm.start-automation.other-document", "worker")?.actual).toBe("deny");
  });

  it("CloudWatch may publish to both topics over TLS; nobody may delete from the audit trail", () => {
    const publish = matrix.rows.filter((r) => r.id.startsWith("topic.cloudwatch-publish:"));
    expect(publish).toHaveLength(2);
    for (const r of publish) expect(r.actual).toBe("allow");
    for (const r of matrix.rows.filter((r) => r.id.startsWith("audit."))) expect(r.actual).toBe("deny");
  });

  it("the model path: the worker may subscribe to a Marketplace model and read automation executions", () => {
    expect(row("marketplace.Subscribe", "worker")?.actual).toBe("allow");
    expect(row("ssm.get-automation", "worker")?.actual).toBe("allow");
    expect(row("tag.get-resources", "worker")?.actual).toBe("allow");
  });
});

describe("IAM matrix (restart disabled, log groups scoped)", () => {
  it("investigation still reads automation executions; groups outside the prefixes are refused", async () => {
    const scoped = synthStack({
      bundle: false,
      context: {
        "air:enabledActions": "lambda-rollback-alias",
        "air:logGroupPrefixes": "/aws/lambda/checkout-",
      },
    });
    const ids = new Set([
      "ssm.get-automation",
      "logs.FilterLogEvents.in-scope",
      "logs.FilterLogEvents.outside-prefixes",
      "ssm.start-automation",
    ]);
    const m = await iamMatrix(
      scoped.stack,
      scoped.template.toJSON() as TemplateJson,
      scoped.config,
      IAM_CALLS.filter((c) => ids.has(c.id)),
    );
    expect(bad(m)).toEqual([]);
    const worker = (id: string) => m.rows.find((r) => r.id === id && r.principal === "worker")?.actual;
    expect(worker("ssm.get-automation")).toBe("allow");
    expect(worker("logs.FilterLogEvents.in-scope")).toBe("allow");
    expect(worker("logs.FilterLogEvents.outside-prefixes")).toBe("deny");
    expect(worker("ssm.start-automation")).toBe("deny");
  }, 30_000);
});

describe("IAM matrix catches a broken policy", () => {
  /** The template with one statement changed (by its Sid) in whichever policy holds it. */
  function mutate(sid: string, change: (statement: Record<string, unknown>) => void): TemplateJson {
    const copy = structuredClone(template);
    let found = false;
    for (const r of Object.values(copy.Resources)) {
      const doc = (r.Properties?.PolicyDocument ?? r.Properties?.KeyPolicy) as
        | { Statement: Record<string, unknown>[] }
        | undefined;
      for (const s of doc?.Statement ?? []) {
        if (s.Sid === sid) {
          change(s);
          found = true;
        }
      }
    }
    expect(found, sid).toBe(true);
    return copy;
  }

  it("reports an unexpected allow when a tag condition is dropped", async () => {
    const broken = mutate("EcsRollback", (s) => {
      delete s.Condition;
    });
    const m = await iamMatrix(built.stack, broken, built.config);
    expect(bad(m)).toEqual([expect.stringMatching(/^ecs\.UpdateService\.untagged worker: allow/)]);
  }, 30_000);

  it("reports an unexpected deny when a grant goes missing", async () => {
    const broken = mutate("CloudWatchAlarmsPublish", (s) => {
      s.Effect = "Deny";
    });
    const m = await iamMatrix(built.stack, broken, built.config);
    expect(m.summary.unexpectedDenies).toBeGreaterThan(0);
  }, 30_000);
});
