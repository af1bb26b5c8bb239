import type { ChangeEvent, LogEvent } from "../../../tools/domain/index.js";
import { isMarkedUntrusted, looksLikeInjection, markUntrusted } from "../../shared/untrusted.js";
import { textForMining } from "../mining/structured-line.js";
import type { LogEvidence, LogFindings } from "../schema.js";
import { burstTest, foldNearDuplicates, risingSample, type VariantCounts, variantOf } from "./signals.js";
import { type NamedResource, structuredVotes } from "./structured-category.js";
import type { TemplateMiner } from "./templates.js";

export interface AnalysisInput {
  incident: LogEvent[];
  baseline: LogEvent[];
  incidentMinutes: number;
  baselineMinutes: number;
  deployments: ChangeEvent[];
  externalDependencies: string[];
  /** Resources a failing line may name (databases, third parties): structured category evidence. */
  namedResources?: NamedResource[];
  miner: TemplateMiner;
  /** Most evidence items to return (the output budget). */
  maxEvidence?: number;
  /** Longest sample line kept, in characters. */
  maxSampleChars?: number;
  /** End of the incident window (ISO); defaults to the last incident line. Anchors the burst windows. */
  windowEnd?: string;
}

interface TemplateStats {
  template: string;
  level?: string;
  incident: number;
  baseline: number;
  firstSeen?: string;
  sample: string;
  /** Times (ms) of the template's incident-window lines. */
  times: number[];
  variants: Map<string, VariantCounts>;
}

/** Significance level for a rate change. */
export const RATE_CHANGE_P = 0.001;
/** Score added for the level of a template's lines: errors most, warnings some. */
const LEVEL_WEIGHT: Record<string, number> = { FATAL: 3, ERROR: 3, WARN: 1.5 };
const ERROR_LEVELS = new Set(["ERROR", "FATAL"]);

const CATEGORY_HINTS: [RegExp, string][] = [
  // Security signals first: a compromise, an attack or a denied permission outranks its side effects.
  [/GuardDuty|CryptoCurrency:|mining pool|xmrig|stratum|unexpected process/i, "security"],
  [
    /rate limit exceeded for client|python-requests|scrapy|headless ?chrome|crawler|credential stuffing/i,
    "security",
  ],
  [/AccessDenied|is not authorized to perform|UnauthorizedOperation/i, "security"],
  [/no space left|disk (is )?full|ENOSPC/i, "disk"],
  // A word-initial OOM: "TooManyRequests" holds the letters too and is a throttle.
  [/out ?of ?memory|\bOOM|heap space|GC overhead|memory pressure/i, "memory"],
  [/throttl|rate exceeded|TooManyRequests|ProvisionedThroughputExceeded/i, "throttling"],
  [/too many connections|connection pool exhausted|remaining connection slots/i, "database"],
  [/certificate (has )?expired|CertificateExpired|x509|SSL ?handshake/i, "security"],
  [/upstream|timed? ?out|connection refused|503 from|502 from|gateway/i, "dependency"],
  [
    /NullPointerException|ClassNotFound|missing (config|configuration|key)|undefined is not|TypeError|ImagePull/i,
    "deployment",
  ],
  [/queue depth|backlog|saturat|request rate|load (is )?high/i, "capacity"],
];

function collect(
  events: LogEvent[],
  miner: TemplateMiner,
  stats: Map<string, TemplateStats>,
  key: "incident" | "baseline",
) {
  for (const event of events) {
    const { clusterId, template } = miner.add(textForMining(event.message));
    const id = String(clusterId);
    let s = stats.get(id);
    if (!s) {
      s = {
        template,
        level: event.level,
        incident: 0,
        baseline: 0,
        sample: event.message,
        times: [],
        variants: new Map(),
      };
      stats.set(id, s);
    }
    s.template = template;
    s[key]++;
    const variant = variantOf(event.message);
    const v = s.variants.get(variant) ?? { incident: 0, baseline: 0 };
    v[key]++;
    if (key === "incident") v.sample ??= event.message;
    s.variants.set(variant, v);
    if (key === "incident") {
      s.times.push(Date.parse(event.time));
      if (!s.firstSeen || event.time < s.firstSeen) s.firstSeen = event.time;
      if (s.incident === 1) s.sample = event.message;
    }
  }
}

/** Folds the stats of clusters the miner merged into their survivor, with its final template. */
function mergeResolved(stats: Map<string, TemplateStats>, miner: TemplateMiner): Map<string, TemplateStats> {
  const merged = new Map<string, TemplateStats>();
  for (const [id, s] of stats) {
    const survivor = String(miner.resolve ? miner.resolve(id) : id);
    const template = miner.templateOf?.(survivor) ?? s.template;
    const into = merged.get(survivor);
    if (!into) {
      merged.set(survivor, { ...s, template, times: [...s.times], variants: new Map(s.variants) });
      continue;
    }
    into.times.push(...s.times);
    for (const [variant, v] of s.variants) {
      const w = into.variants.get(variant);
      into.variants.set(
        variant,
        w
          ? {
              incident: w.incident + v.incident,
              baseline: w.baseline + v.baseline,
              sample: w.sample ?? v.sample,
            }
          : v,
      );
    }
    into.incident += s.incident;
    into.baseline += s.baseline;
    if (s.firstSeen && (!into.firstSeen || s.firstSeen < into.firstSeen)) {
      into.firstSeen = s.firstSeen;
      into.sample = s.sample;
    }
  }
  return merged;
}

function scoreOf(
  s: TemplateStats,
  input: AnalysisInput,
  endMs: number,
  lastDeploy?: string,
): LogEvidence | undefined {
  const isError = s.level !== undefined && ERROR_LEVELS.has(s.level);
  const isNew = s.baseline === 0 && s.incident > 0;
  const { p, k, mean } = burstTest(
    s,
    { incident: input.incidentMinutes, baseline: input.baselineMinutes },
    endMs,
  );
  const rateUp = !isNew && k >= 3 && p < RATE_CHANGE_P && k / mean >= 2;
  if (!isNew && !rateUp && !(isError && s.incident > 0)) return undefined;
  const afterDeploy =
    isNew && lastDeploy !== undefined && s.firstSeen !== undefined && s.firstSeen >= lastDeploy;
  const kind: LogEvidence["kind"] = afterDeploy
    ? "first-after-deploy"
    : isNew
      ? "new"
      : rateUp
        ? "rate-increase"
        : "error";
  const surprise = Math.min(12, -Math.log10(Math.max(p, 1e-12)));
  const score =
    surprise +
    (isNew ? 3 : 0) +
    (afterDeploy ? 2 : 0) +
    (LEVEL_WEIGHT[s.level ?? ""] ?? 0) +
    Math.log1p(s.incident);
  return {
    template: s.template,
    kind,
    level: s.level,
    incidentCount: s.incident,
    baselineCount: s.baseline,
    score: Math.round(score * 100) / 100,
    firstSeen: s.firstSeen,
    // A rate increase is shown with a line of the variant that rose, not with steady chatter.
    sample: (
      (rateUp && risingSample(s.variants, input.incidentMinutes / input.baselineMinutes)) ||
      s.sample
    ).slice(0, input.maxSampleChars ?? 300),
  };
}

/**
 * The category the logs point at: phrase-table votes (each evidence item's score for the first hint it
 * matches) plus structured votes for failing lines that name a known resource, which weigh more.
 */
function suggestCategory(
  evidence: LogEvidence[],
  externalMentions: string[],
  named: NamedResource[] = [],
): string | undefined {
  const votes = new Map<string, number>();
  for (const [category, score] of structuredVotes(evidence, named))
    votes.set(category, (votes.get(category) ?? 0) + score);
  for (const e of evidence) {
    for (const [pattern, category] of CATEGORY_HINTS) {
      if (pattern.test(e.sample) || pattern.test(e.template)) {
        votes.set(category, (votes.get(category) ?? 0) + e.score);
        break;
      }
    }
  }
  if (externalMentions.length > 0 && votes.has("dependency"))
    votes.set("dependency", (votes.get("dependency") ?? 0) * 1.5);
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function externalMentionsIn(evidence: LogEvidence[], externals: string[]): string[] {
  const found = new Set<string>();
  for (const e of evidence) {
    if (e.level !== undefined && !ERROR_LEVELS.has(e.level) && e.level !== "WARN") continue;
    for (const name of externals) if (e.sample.toLowerCase().includes(name.toLowerCase())) found.add(name);
  }
  return [...found];
}

/**
 * Compares the incident window with the baseline window: templates never seen before, templates whose
 * rate rose significantly (conditional test of the two counts, over the whole window and trailing burst
 * windows), and error-level templates, ranked by surprise plus weights for new, after-deploy and level.
 * The same message at two levels is listed once. Lines that try to instruct the responder (marked by the
 * screened ports, or flagged here when the input was not screened) are never findings: they are kept, quoted
 * and marked, in `flaggedText`.
 */
export function analyseLogs(input: AnalysisInput): LogFindings {
  const flaggedLine = (e: { message: string }) =>
    isMarkedUntrusted(e.message) || looksLikeInjection(e.message);
  const injections = input.incident.filter(flaggedLine);
  const incident = input.incident.filter((e) => !flaggedLine(e));
  const baseline = input.baseline.filter((e) => !flaggedLine(e));
  const flaggedText = [
    ...new Set(
      [...injections, ...input.baseline.filter(flaggedLine)].map((e) =>
        isMarkedUntrusted(e.message) ? e.message : markUntrusted(e.message),
      ),
    ),
  ];
  const stats = new Map<string, TemplateStats>();
  collect(baseline, input.miner, stats, "baseline");
  collect(incident, input.miner, stats, "incident");
  const merged = mergeResolved(stats, input.miner);
  const lastDeploy = input.deployments
    .map((d) => d.time)
    .sort()
    .at(-1);
  const endMs = input.windowEnd
    ? Date.parse(input.windowEnd)
    : incident.reduce((end, e) => Math.max(end, Date.parse(e.time) + 1), 0);
  const ranked = [...merged.values()]
    .map((s) => scoreOf(s, input, endMs, lastDeploy))
    .filter((e): e is LogEvidence => e !== undefined)
    .sort((a, b) => b.score - a.score);
  const evidence = foldNearDuplicates(ranked).slice(0, input.maxEvidence ?? 8);
  const externalMentions = externalMentionsIn(evidence, input.externalDependencies);
  const suggestedCategory = suggestCategory(evidence, externalMentions, input.namedResources);
  const top = evidence[0];
  const summary = top
    ? `${evidence.length} notable template(s) in ${incident.length} lines; strongest: "${top.template.slice(0, 120)}" ` +
      `(${top.incidentCount} in the incident window, ${top.baselineCount} in the baseline)`
    : `nothing unusual in ${incident.length} lines compared with the baseline`;
  return {
    summary:
      injections.length > 0
        ? `${summary}; ${injections.length} line(s) tried to instruct the responder: kept as marked evidence, not followed`
        : summary,
    evidence,
    externalMentions,
    suggestedCategory,
    injectionAttemptDetected: flaggedText.length > 0,
    flaggedText,
    linesAnalysed: input.incident.length + input.baseline.length,
  };
}
