import { Command } from "commander";
import { addActionCommands } from "./commands/actions.js";
import { type ConsoleCommandOptions, consoleCommand } from "./commands/console.js";
import { type DecideOptions, decideSavedRun } from "./commands/decide.js";
import { doctorCommand } from "./commands/doctor.js";
import { ingestCommand } from "./commands/ingest.js";
import { type PlayCommandOptions, playScenarios } from "./commands/play-command.js";
import { addRunbookCommands } from "./commands/runbooks.js";
import { DEMO_SCENARIOS, EXTRA_DEMO_SCENARIOS, loadScenarioArg } from "./commands/scenarios.js";

/** The `air` command line: every subcommand is a thin layer over handlers/runtime. */
export function buildProgram(): Command {
  const program = new Command()
    .name("air")
    .description("Autonomous Incident Responder: works AWS alarms like a senior on-call engineer")
    .showHelpAfterError("(run air --help for usage)");

  program
    .command("demo")
    .description(
      "play incidents on the simulated AWS account: one fixed automatically, one after sign-off, one escalated",
    )
    .option("--approve", "approve every request without asking")
    .option("--reject", "reject every request without asking")
    .option("--all", "also play the traffic surge, memory leak and healthy control scenarios")
    .option("--out <dir>", "where post-incident reports go (default ./runs)")
    .option("-v, --verbose", "show every step's details")
    .action(async (options: PlayCommandOptions & { all?: boolean }) => {
      const names = options.all ? [...DEMO_SCENARIOS, ...EXTRA_DEMO_SCENARIOS] : DEMO_SCENARIOS;
      const scenarios = await Promise.all(names.map(loadScenarioArg));
      await playScenarios(scenarios, options);
    });

  program
    .command("run")
    .description("play one scenario file (YAML) on the simulated AWS account")
    .requiredOption("-s, --scenario <file>", "scenario YAML file, or the name of a bundled scenario")
    .option("--approve", "approve every request without asking")
    .option("--reject", "reject every request without asking")
    .option("--defer", "stop at an approval request and save the run; decide later with air approve|reject")
    .option("--out <dir>", "where post-incident reports go (default ./runs)")
    .option("-v, --verbose", "show every step's details")
    .action(async (options: PlayCommandOptions & { scenario: string }) => {
      await playScenarios([await loadScenarioArg(options.scenario)], {
        ...options,
        scenarioArg: options.scenario,
      });
    });

  for (const [name, decision] of [
    ["approve", "accept"],
    ["reject", "reject"],
  ] as const) {
    const command = program
      .command(`${name} <incident>`)
      .description(`${name} the action a saved run is waiting on (resumes it from its DynamoDB checkpoint)`)
      .option("--as <who>", "who is deciding: must be you (the CLI signs as the OS user it runs as)")
      .option("--comment <text>", "why")
      .option("--out <dir>", "where post-incident reports go (default ./runs)");
    if (decision === "accept") {
      command
        .option(
          "--edit <actionId>",
          "run this catalogue action instead (it goes back through the safety gate)",
        )
        .option("--params <json>", "parameters for --edit, as a JSON object");
    }
    command.action(async (incident: string, options: DecideOptions) =>
      decideSavedRun(incident, decision, options),
    );
  }

  program
    .command("ingest <events...>")
    .description(
      "parse alarm events (EventBridge, SNS, alarm-action, EC2/ECS/Health JSON files) and record them as incidents",
    )
    .action(async (events: string[]) => ingestCommand(events));

  program
    .command("doctor")
    .description(
      "check the setup: Node, the model (one tiny Bedrock call), DynamoDB/S3 and tables, runbooks, gate policy",
    )
    .option("--aws", "check the deployed stack's wiring with your AWS credentials (read-only)")
    .option("--stack <name>", "the stack to check with --aws", "AirResponder")
    .option("--region <region>", "the stack's Region (default AWS_REGION)")
    .action(async (opts: { aws?: boolean; stack?: string; region?: string }) => doctorCommand(opts));

  program
    .command("console")
    .description("the web console on loopback: incidents, live timelines, metric charts, approvals, overview")
    .option("--port <port>", "port on 127.0.0.1 (default 4680; 0 picks a free one)")
    .option(
      "--aws",
      "read the deployed stack's tables and buckets with your AWS credentials; decide as your IAM principal",
    )
    .option("--stack <name>", "the stack to read with --aws", "AirResponder")
    .option("--region <region>", "the stack's Region with --aws (default AWS_REGION)")
    .action(async (options: ConsoleCommandOptions) => consoleCommand(options));

  addRunbookCommands(program);
  addActionCommands(program);
  program.addCommand(lazyEvalCommand());
  return program;
}

/**
 * `air eval` loads the eval suite (the top floor: scorers, harness, scenarios) only when it is asked for, so
 * the rest of the CLI never imports `evals/`. Every argument after `eval`, `--help` included, goes to it.
 */
function lazyEvalCommand(): Command {
  return new Command("eval")
    .description("Run the fault-injection scenarios through the responder and score every decision")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[args...]", "see air eval --help")
    .action(async (args: string[]) => {
      const { evalCommand } = await import("../../evals/runner.js");
      await evalCommand().name("air eval").parseAsync(args, { from: "user" });
    });
}
