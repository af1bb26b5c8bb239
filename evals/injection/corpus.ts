/**
 * The injection corpus eval: how many attack lines the detector flags (recall) and how many ordinary log
 * lines it flags by mistake (false-positive rate). Corpus files hold one entry per line; in the built-in
 * `.txt` files a line starting with `#` is a comment, and `# section: name` starts a named section whose
 * recall is reported separately (the held-out positives are one). A directory is searched recursively for
 * `*.log` files, every non-blank line of which is an entry.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { screenText } from "../../tools/untrusted/index.js";

const HERE = dirname(fileURLToPath(import.meta.url));
export const BUILTIN_POSITIVES = join(HERE, "positives.txt");
export const BUILTIN_NEGATIVES = join(HERE, "negatives.txt");

export interface Entry {
  text: string;
  /** Where it came from: file and line number. */
  source: string;
  section: string;
}

function entriesOfFile(path: string, comments: boolean): Entry[] {
  const out: Entry[] = [];
  let section = "main";
  for (const [i, line] of readFileSync(path, "utf8").split(/\r?\n/).entries()) {
    if (line.trim().length === 0) continue;
    if (comments && line.startsWith("#")) {
      const named = /^#\s*section:\s*(\S+)/.exec(line);
      if (named?.[1]) section = named[1];
      continue;
    }
    out.push({ text: line, source: `${relative(process.cwd(), path) || path}:${i + 1}`, section });
  }
  return out;
}

function logFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...logFiles(path));
    else if (name.endsWith(".log")) out.push(path);
  }
  return out;
}

/** Entries of a corpus file or directory (`*.log` files, recursively). Errors say what was wrong and where. */
export function loadCorpus(path: string): Entry[] {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw new Error(
      `corpus ${path} does not exist; give a file (one entry per line) or a directory of *.log files`,
    );
  }
  if (stats.isDirectory()) {
    const files = logFiles(path);
    if (files.length === 0) throw new Error(`corpus directory ${path} holds no *.log files`);
    return files.flatMap((f) => entriesOfFile(f, false));
  }
  return entriesOfFile(path, path.endsWith(".txt"));
}

export interface CorpusResult {
  summary: {
    positives: number;
    recall: number;
    negatives: number;
    falsePositives: number;
    falsePositiveRate: number;
  };
  /** Recall per named section of the positives (e.g. the held-out part). */
  sections: Record<string, { positives: number; recall: number }>;
  misses: { text: string; source: string }[];
  falseAlarms: { text: string; source: string; signals: string[] }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 100_000) / 100_000);

/** Screens every entry of both corpora and scores the detector. */
export function evaluateCorpus(positives: Entry[], negatives: Entry[]): CorpusResult {
  const misses: CorpusResult["misses"] = [];
  const bySection = new Map<string, { positives: number; hits: number }>();
  for (const p of positives) {
    const s = bySection.get(p.section) ?? { positives: 0, hits: 0 };
    s.positives++;
    if (screenText(p.text).flagged) s.hits++;
    else misses.push({ text: p.text, source: p.source });
    bySection.set(p.section, s);
  }
  const falseAlarms: CorpusResult["falseAlarms"] = [];
  for (const n of negatives) {
    const screening = screenText(n.text);
    if (screening.flagged) falseAlarms.push({ text: n.text, source: n.source, signals: screening.signals });
  }
  return {
    summary: {
      positives: positives.length,
      recall: ratio(positives.length - misses.length, positives.length),
      negatives: negatives.length,
      falsePositives: falseAlarms.length,
      falsePositiveRate: ratio(falseAlarms.length, negatives.length),
    },
    sections: Object.fromEntries(
      [...bySection.entries()].map(([k, v]) => [
        k,
        { positives: v.positives, recall: ratio(v.hits, v.positives) },
      ]),
    ),
    misses,
    falseAlarms,
  };
}
