import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { formatLintProblem, lintAwsCatalogue, lintRunbooks } from "../../../knowledge/corpus/lint.js";
import { AWS_CATALOGUE_PATH, BUILT_IN_RUNBOOKS_DIR } from "../../../knowledge/corpus/paths.js";
import { createRetriever, semanticIndexFromEnv } from "../../../knowledge/retrieval/factory.js";
import { CliError } from "../errors.js";
import { createStyler } from "../render/style.js";

interface SourceOptions {
  dir?: string[];
}

async function retrieverFor(options: SourceOptions) {
  const semantic = semanticIndexFromEnv();
  return createRetriever({ folders: options.dir ?? [], ...(semantic ? { semantic } : {}) });
}

/** Printed under "nothing relevant": how to phrase a search that can find something. */
export const SEARCH_HINT =
  'try a short symptom phrase ("disk full", "lambda throttled", "too many connections") or an alarm metric (--metric CPUUtilization --namespace AWS/EC2)';

/** `air runbooks list|show|search|lint`. */
export function addRunbookCommands(program: Command): void {
  const style = createStyler();
  const runbooks = program
    .command("runbooks")
    .description("the runbooks the responder knows: built-in, AWS-owned and your own");
  const dirOption = [
    "--dir <folder...>",
    "also load the organisation's runbooks from these folders",
  ] as const;

  runbooks
    .command("list")
    .description("every runbook: id, category, source, actions")
    .option(...dirOption)
    .action(async (options: SourceOptions) => {
      const retriever = await retrieverFor(options);
      const all = retriever.library.runbooks().sort((a, b) => a.id.localeCompare(b.id));
      const width = Math.max(...all.map((r) => r.id.length));
      for (const r of all) {
        const actions =
          r.actions.map((a) => a.actionId).join(", ") ||
          style("dim", r.source === "aws-official" ? "no catalogue action" : "escalate");
        process.stdout.write(
          `${r.id.padEnd(width)}  ${r.category.padEnd(13)} ${style("dim", r.source.padEnd(12))} ${actions}\n`,
        );
      }
      process.stdout.write(style("dim", `${all.length} runbooks\n`));
      retriever.close();
    });

  runbooks
    .command("show <id>")
    .description("one runbook in full")
    .option(...dirOption)
    .action(async (id: string, options: SourceOptions) => {
      const retriever = await retrieverFor(options);
      const r = retriever.library.get(id);
      retriever.close();
      if (!r) throw new CliError(`no runbook "${id}" (air runbooks list shows them all)`);
      process.stdout.write(
        `${style("bold", r.title)}  ${style("dim", `${r.id} · ${r.category} · ${r.source} · ${r.origin}`)}\n` +
          `actions: ${r.actions.map((a) => `${a.actionId} ${JSON.stringify(a.params)}`).join("; ") || "none (escalate)"}\n` +
          `escalation: ${r.escalation?.team ?? "-"}\n\n${r.body.trim()}\n`,
      );
    });

  runbooks
    .command("search <text...>")
    .description(
      'search in your own words ("disk full", "memory leak") or with alarm/log signals; shows why each hit matched',
    )
    .option("--metric <name>", "alarm metric, e.g. CPUUtilization")
    .option("--namespace <ns>", "alarm namespace, e.g. AWS/EC2")
    .option("--log <line...>", "log lines or templates seen")
    .option(...dirOption)
    .action(
      async (
        text: string[],
        options: SourceOptions & { metric?: string; namespace?: string; log?: string[] },
      ) => {
        const retriever = await retrieverFor(options);
        const hits = await retriever.search({
          text: text.join(" "),
          metric: options.metric,
          namespace: options.namespace,
          logTemplates: options.log,
          limit: 5,
        });
        retriever.close();
        if (hits.length === 0) process.stdout.write(`nothing relevant\n${style("dim", SEARCH_HINT)}\n`);
        for (const h of hits) {
          process.stdout.write(
            `${style("bold", h.score.toFixed(2))} ${h.runbookId}  ${h.title}\n${h.reasons.map((r) => `     · ${r}\n`).join("")}`,
          );
        }
      },
    );

  runbooks
    .command("lint [folder]")
    .description(
      "check runbook files: front matter, known actions, parameter templates (default: the built-in ones)",
    )
    .action(async (folder?: string) => {
      const problems = folder
        ? await lintRunbooks(folder)
        : [
            ...(await lintRunbooks(fileURLToPath(BUILT_IN_RUNBOOKS_DIR))),
            ...(await lintAwsCatalogue(fileURLToPath(AWS_CATALOGUE_PATH))),
          ];
      for (const p of problems) process.stderr.write(`${formatLintProblem(p)}\n`);
      if (problems.length > 0) throw new CliError(`${problems.length} problem(s) found`, 1);
      process.stdout.write("no problems found\n");
    });
}
