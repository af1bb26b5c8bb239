/**
 * Per-run settings from LangGraph's run configuration (`config.configurable`), so Studio's assistant config
 * (or any caller of `graph.invoke(input, { configurable })`) can change them per thread. Unset values fall back
 * to what the entry point built the graph with (which reads the environment).
 *
 * | key             | meaning                                                                         |
 * |-----------------|---------------------------------------------------------------------------------|
 * | `modelId`       | Bedrock model / inference profile for this run; `"rules"` forces rules mode      |
 * | `stepBudget`    | most supervisor steps before the incident escalates                              |
 * | `maxToolRounds` | most tool-calling rounds per specialist before it must answer                    |
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import type { AgentContext, ReasonerConfig } from "./context.js";

export const RunSettingsSchema = z.object({
  modelId: z.string().min(1).optional(),
  stepBudget: z.coerce.number().int().positive().optional(),
  maxToolRounds: z.coerce.number().int().positive().optional(),
});
export type RunSettings = z.infer<typeof RunSettingsSchema>;

/** The run settings in `config.configurable`; other configurable keys (thread_id, scenario…) are ignored. */
export function runSettings(config?: Pick<LangGraphRunnableConfig, "configurable">): RunSettings {
  const c = config?.configurable ?? {};
  const parsed = RunSettingsSchema.safeParse({
    modelId: c.modelId || undefined,
    stepBudget: c.stepBudget ?? undefined,
    maxToolRounds: c.maxToolRounds ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `run configuration: configurable.${String(issue?.path[0])} is invalid: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** The reasoner one run uses: the graph's own, unless the run names another model or tool-round budget. */
export function reasonerForRun(ctx: AgentContext, settings: RunSettings): ReasonerConfig {
  const base = ctx.reasoner;
  let reasoner: ReasonerConfig = base;
  if (settings.modelId === "rules") return { mode: "rules" };
  if (settings.modelId && !(base.mode === "model" && base.modelId === settings.modelId)) {
    if (!ctx.modelFor) {
      throw new Error(
        `run configuration: configurable.modelId is ${settings.modelId}, but this entry point cannot build models`,
      );
    }
    reasoner = {
      mode: "model",
      modelId: settings.modelId,
      model: ctx.modelFor(settings.modelId),
      ...(base.mode === "model"
        ? { pricing: base.pricing, maxToolRounds: base.maxToolRounds, callOptions: base.callOptions }
        : {}),
    };
  }
  if (settings.maxToolRounds && reasoner.mode === "model")
    reasoner = { ...reasoner, maxToolRounds: settings.maxToolRounds };
  return reasoner;
}

/** The agent context for one run: the graph's context with the run's reasoner. */
export function contextForRun(ctx: AgentContext, config?: LangGraphRunnableConfig): AgentContext {
  const settings = runSettings(config);
  const reasoner = reasonerForRun(ctx, settings);
  return reasoner === ctx.reasoner ? ctx : { ...ctx, reasoner };
}
