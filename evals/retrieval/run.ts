/** Runs a query set against a retriever and computes the metrics. */
import { performance } from "node:perf_hooks";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { firstRelevantRank, mean, ndcgAt, percentile, recallAt, reciprocalRank } from "./metrics.js";
import type { LabelledQuery } from "./query-set.js";

export interface QueryOutcome {
  id: string;
  expected: string[];
  returned: string[];
  /** Rank of the first relevant runbook, when found. */
  rank?: number;
  ms: number;
}

export interface EvalReport {
  corpus: string;
  corpusSize: number;
  queries: number;
  positives: number;
  negatives: number;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  mrr: number;
  ndcg: number;
  /** Of the queries answered with nothing, the share that really had nothing relevant. */
  nothingPrecision: number;
  /** Of the queries with nothing relevant, the share answered with nothing. */
  nothingRecall: number;
  latencyMs: { p50: number; p99: number; mean: number };
  /** Process CPU time per query: latency without the waits of a machine shared with other work. */
  cpuMs: { p50: number; p99: number };
  outcomes: QueryOutcome[];
}

export async function evaluate(
  retriever: RunbookRetriever,
  queries: readonly LabelledQuery[],
  options: { corpus: string; corpusSize: number; repeat?: number; limit?: number },
): Promise<EvalReport> {
  const outcomes: QueryOutcome[] = [];
  const timings: number[] = [];
  const cpu: number[] = [];
  const { expected: _e, id: _i, ...warm } = queries[0] ?? { expected: [], id: "", text: "" };
  await retriever.search(warm); // warm-up (JIT, lazy structures)
  for (const labelled of queries) {
    const { expected, id, ...query } = labelled;
    let returned: string[] = [];
    for (let r = 0; r < (options.repeat ?? 1); r++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const hits = await retriever.search({ ...query, limit: options.limit ?? 10 });
      timings.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
      returned = hits.map((h) => h.runbookId);
    }
    const rank = firstRelevantRank(returned, expected);
    outcomes.push({
      id,
      expected,
      returned,
      ...(rank ? { rank } : {}),
      ms: timings[timings.length - 1] ?? 0,
    });
  }
  const positives = outcomes.filter((o) => o.expected.length > 0);
  const negatives = outcomes.filter((o) => o.expected.length === 0);
  const empty = outcomes.filter((o) => o.returned.length === 0);
  return {
    corpus: options.corpus,
    corpusSize: options.corpusSize,
    queries: outcomes.length,
    positives: positives.length,
    negatives: negatives.length,
    recallAt1: mean(positives.map((o) => recallAt(o.returned, o.expected, 1))),
    recallAt3: mean(positives.map((o) => recallAt(o.returned, o.expected, 3))),
    recallAt5: mean(positives.map((o) => recallAt(o.returned, o.expected, 5))),
    mrr: mean(positives.map((o) => reciprocalRank(o.returned, o.expected))),
    ndcg: mean(positives.map((o) => ndcgAt(o.returned, o.expected, 5))),
    nothingPrecision:
      empty.length === 0 ? 1 : empty.filter((o) => o.expected.length === 0).length / empty.length,
    nothingRecall:
      negatives.length === 0 ? 1 : negatives.filter((o) => o.returned.length === 0).length / negatives.length,
    latencyMs: { p50: percentile(timings, 50), p99: percentile(timings, 99), mean: mean(timings) },
    cpuMs: { p50: percentile(cpu, 50), p99: percentile(cpu, 99) },
    outcomes,
  };
}
