/**
 * A deterministic synthetic corpus for scale testing: runbooks with plausible structure, a vocabulary that
 * mixes made-up words with real operations words (so BM25 sees realistic collisions), and alarms drawn
 * partly from real CloudWatch metrics (so structured matching has to rank among many candidates).
 */
import type { Runbook } from "../../knowledge/corpus/schema.js";
import { type ResourceType, ResourceTypeSchema } from "../../tools/domain/index.js";
import { mulberry32 } from "../../tools/random.js";

/** Seeded PRNG (mulberry32). */
export const rng = mulberry32;

const REAL_WORDS = (
  "latency error timeout instance service queue database cache cluster node request response restart deploy " +
  "rollback memory disk cpu network throttle capacity scale alarm metric log pattern health check connection " +
  "pool thread process worker batch job schedule certificate permission policy role security group bucket " +
  "table index partition replica failover region zone upstream downstream client server gateway proxy"
).split(" ");

const REAL_ALARMS: [string, string][] = [
  ["AWS/EC2", "CPUUtilization"],
  ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"],
  ["AWS/ApplicationELB", "TargetResponseTime"],
  ["AWS/Lambda", "Errors"],
  ["AWS/Lambda", "Duration"],
  ["AWS/RDS", "CPUUtilization"],
  ["AWS/RDS", "DatabaseConnections"],
  ["CWAgent", "mem_used_percent"],
  ["CWAgent", "disk_used_percent"],
  ["AWS/SQS", "ApproximateAgeOfOldestMessage"],
];

const TYPES: ResourceType[] = ResourceTypeSchema.options.filter((t) => t !== "external-dependency");
const CATEGORIES = ["deployment", "memory", "disk", "capacity", "dependency", "configuration", "database"];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function syllableWord(next: () => number): string {
  const syllables = [
    "ka",
    "lo",
    "mi",
    "zu",
    "ter",
    "van",
    "os",
    "rik",
    "pel",
    "dan",
    "qui",
    "sor",
    "bex",
    "nol",
  ];
  const n = 2 + Math.floor(next() * 3);
  let w = "";
  for (let i = 0; i < n; i++) w += pick(next, syllables);
  return w;
}

/** `size` synthetic runbooks with ids `gen-00001`…, deterministic for a seed. */
export function generateRunbooks(size: number, seed = 42): Runbook[] {
  const next = rng(seed);
  const vocabulary = [...REAL_WORDS, ...Array.from({ length: 4000 }, () => syllableWord(next))];
  const words = (n: number) => Array.from({ length: n }, () => pick(next, vocabulary)).join(" ");
  const out: Runbook[] = [];
  for (let i = 0; i < size; i++) {
    const [namespace, metric] =
      next() < 0.3 ? pick(next, REAL_ALARMS) : [`Custom/${syllableWord(next)}`, syllableWord(next)];
    const alarms = [{ namespace, metric }];
    out.push({
      id: `gen-${String(i + 1).padStart(5, "0")}`,
      title: words(5),
      services: next() < 0.5 ? "*" : [syllableWord(next)],
      category: pick(next, CATEGORIES),
      signals: {
        alarms,
        logPatterns: [words(3), `/${syllableWord(next)} (${syllableWord(next)}|${syllableWord(next)})/`],
        resourceTypes: [pick(next, TYPES)],
      },
      actions: [],
      verification: words(12),
      escalation: { team: "generated" },
      tags: [],
      body: `## Symptoms\n${words(40)}\n\n## Diagnosis\n${words(60)}\n\n## Remediation\n${words(40)}`,
      source: "organisation",
      origin: `generated/${i}`,
    });
  }
  return out;
}
