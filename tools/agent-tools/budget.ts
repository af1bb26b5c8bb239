/** Default budget for one tool result, in characters (about 1.5k tokens). */
export const DEFAULT_TOOL_BUDGET = 6_000;

/**
 * Serialises a tool result and caps it to a size budget, so a chatty log query can't flood a model's
 * context. Arrays are cut at an element boundary and the cut is stated, so the model knows it saw a part.
 */
export function capResult(value: unknown, budget = DEFAULT_TOOL_BUDGET): string {
  const full = JSON.stringify(value);
  if (full.length <= budget) return full;
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    let size = 2;
    for (const item of value) {
      const itemSize = JSON.stringify(item).length + 1;
      if (size + itemSize > budget - 80) break;
      kept.push(item);
      size += itemSize;
    }
    return JSON.stringify({ items: kept, truncated: true, shown: kept.length, total: value.length });
  }
  return JSON.stringify({ truncated: true, preview: full.slice(0, budget - 60) });
}
