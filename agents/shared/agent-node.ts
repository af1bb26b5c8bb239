import type { StructuredToolInterface } from "@langchain/core/tools";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { z } from "zod";
import { nodeLogger } from "../../tools/logger.js";
import { screenPorts, UntrustedLedger } from "../../tools/untrusted/index.js";
import type { AgentContext } from "./context.js";
import type { Cost } from "./cost.js";
import { runModelReasoner } from "./model-reasoner.js";
import { contextForRun } from "./run-config.js";
import { runReasoner } from "./run-reasoner.js";
import type { TimelineEntry } from "./timeline.js";

export interface AgentSpec<S extends z.ZodType, In> {
  /** Node id (kebab-case). */
  name: string;
  schema: S;
  system: string;
  user(input: In): string;
  tools(ctx: AgentContext, input: In): StructuredToolInterface[];
  rules(ctx: AgentContext, input: In): Promise<z.infer<S>>;
  /** One line for the timeline. */
  summarize(output: z.infer<S>): string;
  /** Checks a model's answer against what the tools really returned (e.g. drops invented ids). */
  ground?(output: z.infer<S>, input: In): z.infer<S>;
  /** Longer explanation for the report. */
  explain?(output: z.infer<S>): string;
  /**
   * Sets the fields only code may set from what the detector flagged in this run (e.g. whether an injection
   * was attempted), whatever the reasoner, and the model in particular, claimed. Runs after both reasoners.
   */
  screened?(output: z.infer<S>, input: In, ledger: UntrustedLedger): z.infer<S>;
}

export interface AgentResult<T> {
  output: T;
  timeline: TimelineEntry[];
  cost: Cost;
}

/** Runs one specialist through the configured reasoner and describes what it concluded. */
export async function runAgent<S extends z.ZodType, In extends { incident?: { id: string } }>(
  spec: AgentSpec<S, In>,
  graphCtx: AgentContext,
  input: In,
  config?: LangGraphRunnableConfig,
): Promise<AgentResult<z.infer<S>>> {
  const ctx = contextForRun(graphCtx, config);
  const log = nodeLogger(ctx.logger, input, spec.name);
  // Every read an agent makes, by rules or through a model's tools, goes through the injection detector.
  const ledger = new UntrustedLedger();
  const screened: AgentContext = { ...ctx, ports: screenPorts(ctx.ports, ledger) };
  const run = await runReasoner<z.infer<S>>(
    ctx.reasoner,
    () => spec.rules(screened, input),
    async (cfg) => {
      const result = await runModelReasoner({
        model: cfg.model,
        tools: spec.tools(screened, input),
        ledger,
        schema: spec.schema,
        system: spec.system,
        user: spec.user(input),
        maxToolRounds: cfg.maxToolRounds,
        pricing: cfg.pricing,
        callOptions: cfg.callOptions,
      });
      return spec.ground ? { ...result, output: spec.ground(result.output, input) } : result;
    },
  );
  if (spec.screened) run.output = spec.screened(run.output, input, ledger);
  if (run.fallback) log.warn("model answer not used; rules decided", { ...run.fallback });
  log.debug("agent finished", { reasoner: run.reasoner, modelCalls: run.cost.modelCalls });
  const detail = [
    spec.explain?.(run.output),
    `reasoner: ${run.reasoner}${run.fallback ? " (model fallback)" : ""}`,
    run.fallback && `model answer not used: ${run.fallback.reason}`,
  ]
    .filter(Boolean)
    .join("\n");
  const entry: TimelineEntry = {
    time: ctx.ports.clock.now().toISOString(),
    node: spec.name,
    summary: spec.summarize(run.output),
    detail,
    reasoner: run.reasoner,
    ...(run.fallback ? { modelFallback: run.fallback } : {}),
  };
  return { output: run.output, timeline: [entry], cost: run.cost };
}
