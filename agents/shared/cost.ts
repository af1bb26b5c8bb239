import { z } from "zod";

/** Model usage: calls, tokens and dollars. */
export const CostSchema = z.object({
  modelCalls: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  usd: z.number().nonnegative(),
});
export type Cost = z.infer<typeof CostSchema>;

export function zeroCost(): Cost {
  return { modelCalls: 0, inputTokens: 0, outputTokens: 0, usd: 0 };
}

export function addCost(a: Cost, b: Cost): Cost {
  return {
    modelCalls: a.modelCalls + b.modelCalls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    usd: a.usd + b.usd,
  };
}
