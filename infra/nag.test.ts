/**
 * cdk-nag 3.x (AwsSolutions): every finding is fixed or acknowledged in code with a reason, and every
 * acknowledgement still answers a real finding (no stale ones hiding future problems).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Validations } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { buildStack, synthStack } from "./test-support.js";

/** `[construct path, rule id, reason]` for every acknowledgement recorded in the tree. */
function acknowledgements(root: IConstruct): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push([c.node.path, id.replace(/^annotation::/i, ""), reason]);
      }
    }
  }
  return out;
}

describe("cdk-nag AwsSolutions", () => {
  const { app, stack } = synthStack({ bundle: false });

  it("reports no unacknowledged finding, error or warning", () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map(
      (v) =>
        `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(", ")}`,
    );
    expect(findings).toEqual([]);
  });

  it("gives every acknowledgement a reason", () => {
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(10);
    for (const [path, id, reason] of acks) {
      expect(reason.length, `${id} at ${path}`).toBeGreaterThan(30);
    }
  });

  it("has no stale acknowledgement: each one matches a finding the pack raises without it", () => {
    const raw = new AwsSolutionsChecks();
    // Test-only: see the findings as if nothing were acknowledged.
    Object.defineProperty(raw, "isAcknowledged", { value: () => false });
    const raised = new Set(raw.validateScope(app).violations.map((v) => v.ruleName));
    const stale = acknowledgements(stack)
      .filter(([, id]) => !raised.has(id))
      .map(([path, id]) => `${id} at ${path}`);
    expect(stale).toEqual([]);
  });
});

describe("an unlisted wildcard", () => {
  it("fails the check (acknowledgements come only from iam-wildcards.ts)", () => {
    const { app, stack } = buildStack({ bundle: false });
    stack.functions.roles.intake.addToPolicy(
      new PolicyStatement({ actions: ["s3:GetObject"], resources: ["*"] }),
    );
    const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toContain("AwsSolutions-IAM5[Resource::*]");
  });
});

describe("the app's validation plugin", () => {
  it("synthesizes with AwsSolutionsChecks registered through Validations.of(app)", () => {
    const { app } = buildStack({ bundle: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, "validation-report.json"), "utf8")) as {
      pluginReports: { violations?: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
    const template = assembly.getStackByName("AirResponder").template as {
      Resources: Record<string, { Metadata?: { cdk_nag?: unknown } }>;
    };
    // Acknowledgements travel with the template for auditors (cdk-nag v2 metadata format).
    expect(Object.values(template.Resources).some((r) => r.Metadata?.cdk_nag !== undefined)).toBe(true);
  });
});
