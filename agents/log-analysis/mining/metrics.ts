/**
 * Log-parsing accuracy as defined by the Loghub evaluator (Zhu et al. 2019) and Loghub-2.0
 * (Jiang et al. 2024): grouping accuracy, F1 grouping accuracy and parsing accuracy.
 */

export interface ParsingScores {
  /** Grouping accuracy: share of lines whose predicted group has exactly the lines of their true group. */
  ga: number;
  /** F1 over groups: a predicted group is right when its line set equals one true group's line set. */
  fga: number;
  /** Parsing accuracy: share of lines whose predicted template text equals the true template. */
  pa: number;
  /** Loghub's pairwise F-measure (pairs of lines put in the same group). */
  pairF1: number;
  predictedGroups: number;
  trueGroups: number;
}

/** Normalises whitespace so template comparison ignores spacing. */
const norm = (t: string) => t.trim().replace(/\s+/g, " ");

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Scores predicted group labels and templates against ground truth; lines whose true label is
 * empty are ignored, as in Loghub.
 */
export function scoreParsing(
  truth: readonly { label: string; template: string }[],
  predicted: readonly { label: string; template: string }[],
): ParsingScores {
  if (truth.length !== predicted.length) throw new Error("truth and prediction lengths differ");
  const trueSize = new Map<string, number>();
  const groups = new Map<string, Map<string, number>>(); // predicted label -> true label -> lines
  let total = 0;
  let templatesRight = 0;
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (!p || t.label === "") return;
    total++;
    trueSize.set(t.label, (trueSize.get(t.label) ?? 0) + 1);
    let g = groups.get(p.label);
    if (!g) {
      g = new Map();
      groups.set(p.label, g);
    }
    g.set(t.label, (g.get(t.label) ?? 0) + 1);
    if (norm(p.template) === norm(t.template)) templatesRight++;
  });
  let rightLines = 0;
  let rightGroups = 0;
  let accuratePairs = 0;
  let parsedPairs = 0;
  for (const g of groups.values()) {
    let size = 0;
    for (const n of g.values()) {
      size += n;
      accuratePairs += pairs(n);
    }
    parsedPairs += pairs(size);
    const [only] = g.keys();
    if (g.size === 1 && only !== undefined && trueSize.get(only) === size) {
      rightLines += size;
      rightGroups++;
    }
  }
  let realPairs = 0;
  for (const n of trueSize.values()) realPairs += pairs(n);
  const pga = groups.size ? rightGroups / groups.size : 0;
  const rga = trueSize.size ? rightGroups / trueSize.size : 0;
  const precision = parsedPairs ? accuratePairs / parsedPairs : 0;
  const recall = realPairs ? accuratePairs / realPairs : 0;
  return {
    ga: total ? rightLines / total : 0,
    fga: pga + rga ? (2 * pga * rga) / (pga + rga) : 0,
    pa: total ? templatesRight / total : 0,
    pairF1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    predictedGroups: groups.size,
    trueGroups: trueSize.size,
  };
}
