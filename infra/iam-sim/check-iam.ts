/**
 * `npm run check:iam [-- --json file]`: synthesizes the stack (no bundling) in two deployments — the
 * defaults, and a scoped one (log group prefixes, a Knowledge Base, fewer actions) — simulates the IAM
 * matrix for each, prints it and a summary, and exits non-zero on any unexpected decision or error.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Command } from "commander";
import { type IamMatrix, iamMatrix, type MatrixRow, summarise } from "./matrix.js";
import type { TemplateJson } from "./resolve.js";
import { synthForChecks } from "./synth.js";

/** The deployments the matrix is checked in: what `cdk.json` ships, and a scoped variant. */
export const DEPLOYMENTS: Record<string, Record<string, unknown>> = {
  defaults: {},
  scoped: {
    "air:logGroupPrefixes": ["/aws/lambda/checkout-", "/ecs/checkout"],
    "air:knowledgeBaseId": "KB12345678",
    "air:enabledActions": ["lambda-rollback-alias", "asg-set-desired-capacity"],
  },
  /** The opt-in access actions on (security group, IAM re-attach) besides the defaults. */
  access: {
    "air:enabledActions": [
      "waf-block-ip-set",
      "waf-restore-ip-set",
      "appconfig-rollback-configuration",
      "sg-restore-ingress-rule",
      "iam-reattach-role-policy",
    ],
  },
};

export async function deploymentMatrices(): Promise<Record<string, IamMatrix>> {
  const out: Record<string, IamMatrix> = {};
  for (const [name, context] of Object.entries(DEPLOYMENTS)) {
    const { stack, template, config } = synthForChecks(context);
    out[name] = await iamMatrix(stack, template.toJSON() as TemplateJson, config);
  }
  return out;
}

const mark = (r: MatrixRow) =>
  r.actual === "error"
    ? "ERROR"
    : r.actual === r.expected
      ? "ok"
      : r.expected === "allow"
        ? "UNEXPECTED DENY"
        : "UNEXPECTED ALLOW";

function printTable(name: string, matrix: IamMatrix): void {
  const ids = [...new Set(matrix.rows.map((r) => r.id))];
  const principals = [...new Set(matrix.rows.map((r) => r.principal))];
  const cell = (r: MatrixRow | undefined) =>
    !r
      ? ""
      : `${r.actual === "allow" ? "A" : r.actual === "deny" ? "-" : "E"}${r.actual === r.expected ? "" : "!"}`;
  const idWidth = Math.max(...ids.map((i) => i.length));
  const short = principals.map((p) => p.replace("ssm-role:", "ssm:").slice(0, 12));
  console.log(`\n== ${name}  (A allowed, - denied, ! not what the registry expects, E error)`);
  console.log(`${"call".padEnd(idWidth)}  ${short.map((p) => p.padEnd(12)).join(" ")}`);
  for (const id of ids) {
    const cells = principals.map((p) =>
      cell(matrix.rows.find((r) => r.id === id && r.principal === p)).padEnd(12),
    );
    console.log(`${id.padEnd(idWidth)}  ${cells.join(" ")}`);
  }
  const bad = matrix.rows.filter((r) => r.actual !== r.expected);
  for (const r of bad) {
    console.log(
      `  ${mark(r)}: ${r.principal} ${r.action} on ${r.resource}${r.detail ? ` (${r.detail.slice(0, 300)})` : ""}`,
    );
  }
}

async function main(): Promise<void> {
  const program = new Command("check:iam")
    .description("Simulate every AWS call of every function against the synthesized IAM policies")
    .option("--json <file>", "write the matrices and the summary as JSON");
  program.parse();
  const { json } = program.opts<{ json?: string }>();
  const matrices = await deploymentMatrices();
  for (const [name, m] of Object.entries(matrices)) printTable(name, m);
  const summary = summarise(Object.values(matrices).flatMap((m) => m.rows));
  console.log("\n deployment  checked  allowed  denied  unexpectedAllows  unexpectedDenies  errors");
  for (const [name, m] of [...Object.entries(matrices), ["total", { summary }] as const]) {
    const s = m.summary;
    console.log(
      ` ${name.padEnd(10)}  ${String(s.checked).padStart(7)}  ${String(s.allowed).padStart(7)}  ${String(s.denied).padStart(6)}  ${String(s.unexpectedAllows).padStart(16)}  ${String(s.unexpectedDenies).padStart(16)}  ${String(s.errors).padStart(6)}`,
    );
  }
  if (json) {
    mkdirSync(dirname(json), { recursive: true });
    writeFileSync(json, `${JSON.stringify({ summary, deployments: matrices }, null, 2)}\n`);
    console.log(`\nwrote ${json}`);
  }
  if (summary.unexpectedAllows + summary.unexpectedDenies + summary.errors > 0) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`check:iam failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 2;
  });
}
