import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { actionSummary, catalogueSummary } from "../../../knowledge/actions/summary.js";
import { CliError } from "../errors.js";
import { createStyler } from "../render/style.js";
import { hasLiveAwsExecutor } from "./live-executor.js";

function writeJson(file: string | undefined, value: unknown): void {
  if (!file) return;
  try {
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new CliError(
      `cannot write ${file}: ${(error as Error).message} (check the folder exists and is writable)`,
    );
  }
}

/** `air actions list|show`: the action catalogue, the only actions the responder can ever run. */
export function addActionCommands(program: Command): void {
  const style = createStyler();
  const actions = program
    .command("actions")
    .description("the action catalogue: the only actions the responder can ever run");

  actions
    .command("list")
    .description("every action: id, risk, reversibility and rollback, and what it runs")
    .option("--json <file>", "also write the catalogue as JSON to this file")
    .action((options: { json?: string }) => {
      const all = catalogueSummary().map((a) => ({ ...a, liveAwsExecutor: hasLiveAwsExecutor(a.id) }));
      const width = Math.max(...all.map((a) => a.id.length));
      const rows = all.map((a) => {
        const undo = a.rollbackAction
          ? `↺ ${a.rollbackAction}`
          : a.reversible
            ? "reversible"
            : "irreversible";
        return `${a.id.padEnd(width)}  ${a.risk.padEnd(6)}${a.riskRaisedByDirection ? "+" : " "} ${a.targetType.padEnd(17)} ${a.runsAs.padEnd(46)} ${(a.liveAwsExecutor ? "live" : "none").padEnd(5)} ${style("dim", undo)}\n`;
      });
      process.stdout.write(
        `${style("bold", `${"action".padEnd(width)}  risk    target            runs as${" ".repeat(40)}aws   undo`)}\n${rows.join("")}` +
          style(
            "dim",
            `${all.length} actions, ${all.filter((a) => a.liveAwsExecutor).length} with a live AWS executor ` +
              "(+ = risk rises with the direction of the change)\n",
          ),
      );
      writeJson(options.json, { actions: all });
    });

  actions
    .command("show <id>")
    .description("one action in full: parameters, risk, rollback, signal")
    .option("--json <file>", "also write it as JSON to this file")
    .action((id: string, options: { json?: string }) => {
      const a = actionSummary(id);
      if (!a) throw new CliError(`no action "${id}" in the catalogue (air actions list shows them all)`);
      process.stdout.write(
        `${style("bold", a.title)}  ${style("dim", `${a.id} · ${a.targetType}`)}\n${a.description}\n\n` +
          `risk:        ${a.risk}${a.riskRaisedByDirection ? " (higher when the change removes capacity or access)" : ""}\n` +
          `runs as:     ${a.runsAs}\n` +
          `reversible:  ${a.reversible ? "yes" : "no"}${a.rollbackAction ? `, undone by ${a.rollbackAction}` : ""}\n` +
          `must recover: ${a.successSignal}\n` +
          `parameters:  ${JSON.stringify(a.parameters, null, 2).replace(/\n/g, "\n             ")}\n`,
      );
      writeJson(options.json, a);
    });
}
