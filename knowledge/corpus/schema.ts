/**
 * The runbook format: markdown with YAML front matter. This file holds the front-matter schema and the
 * parsed `Runbook` shape every loader produces and the retriever indexes.
 */
import { z } from "zod";
import { IncidentCategorySchema } from "../../tools/domain/category.js";
import { ResourceTypeSchema } from "../../tools/domain/index.js";
import { RunbookActionRefSchema, type RunbookHit } from "../retrieval/types.js";

/** Incident categories a runbook can belong to. */
export const RunbookCategorySchema = IncidentCategorySchema.exclude(["unknown"]);
export type RunbookCategory = z.infer<typeof RunbookCategorySchema>;

/** Where a runbook came from; the same values as `RunbookHit.source` minus the Knowledge Base. */
export type RunbookSource = Exclude<RunbookHit["source"], "knowledge-base">;

/** `/regex/flags` is a regular expression; anything else is a case-insensitive phrase. */
const REGEX_LITERAL = /^\/(.+)\/([a-z]*)$/s;

/** A log pattern: a phrase, or `/regex/flags`. Regexes are compiled here so bad ones fail validation. */
export const LogPatternSchema = z
  .string()
  .min(1, "a log pattern cannot be empty")
  .superRefine((value, ctx) => {
    const literal = REGEX_LITERAL.exec(value);
    if (!literal) return;
    try {
      new RegExp(literal[1] ?? "", literal[2]);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `invalid regular expression: ${(error as Error).message}` });
    }
  });

export const AlarmSignalSchema = z
  .object({
    namespace: z.string().min(1),
    metric: z.string().min(1),
  })
  .strict();
export type AlarmSignal = z.infer<typeof AlarmSignalSchema>;

export const RunbookSignalsSchema = z
  .object({
    /** CloudWatch metrics whose alarms this runbook answers (exact namespace + metric). */
    alarms: z.array(AlarmSignalSchema).default([]),
    /** Log lines that point at this fault: phrases or `/regex/flags`, matched against log templates. */
    logPatterns: z.array(LogPatternSchema).default([]),
    /** Resource types the fault shows up on. */
    resourceTypes: z.array(ResourceTypeSchema).default([]),
  })
  .strict();
export type RunbookSignals = z.infer<typeof RunbookSignalsSchema>;

/** The YAML front matter of a runbook file. Unknown keys are errors, so typos never pass silently. */
export const RunbookFrontMatterSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
        "letters, digits and . _ - only, starting with a letter or digit",
      ),
    title: z.string().min(1),
    services: z.union([z.literal("*"), z.array(z.string().min(1)).min(1)], {
      error: 'expected "*" (any service) or a non-empty list of service names',
    }),
    category: RunbookCategorySchema,
    signals: RunbookSignalsSchema,
    actions: z.array(RunbookActionRefSchema.strict()).default([]),
    /** How to tell the fix worked, in words for people. */
    verification: z.string().min(1),
    escalation: z.object({ team: z.string().min(1) }).strict(),
    /** Extra search terms. */
    tags: z.array(z.string()).default([]),
    /** Other names people and models use for this problem ("disk full", "OOM", "ENOSPC"); boosted in search. */
    aliases: z.array(z.string().min(1)).default([]),
    /** Short phrases of what someone sees ("writes fail with no space left"); boosted in search. */
    symptoms: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type RunbookFrontMatter = z.infer<typeof RunbookFrontMatterSchema>;

/** A loaded runbook, whatever its origin. */
export interface Runbook {
  id: string;
  title: string;
  services: "*" | string[];
  category: string;
  signals: RunbookSignals;
  actions: RunbookFrontMatter["actions"];
  verification: string;
  escalation?: { team: string };
  tags: string[];
  /** Other names for the problem (front matter `aliases`). */
  aliases?: string[];
  /** Short phrases of what someone sees (front matter `symptoms`). */
  symptoms?: string[];
  /** Markdown body without the front matter. */
  body: string;
  source: RunbookSource;
  /** File path or `s3://bucket/key` it was read from. */
  origin: string;
}

/** Compiles a log pattern: `/regex/flags` as written, a phrase as a case-insensitive literal. */
export function compileLogPattern(pattern: string): RegExp {
  const literal = REGEX_LITERAL.exec(pattern);
  if (literal) {
    // Always case-insensitive; never stateful (`g`/`y` would make `test()` remember its last position).
    const flags = (literal[2] ?? "").replace(/[gyi]/g, "");
    return new RegExp(literal[1] ?? "", `${flags}i`);
  }
  const escaped = pattern.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(escaped.replace(/\s+/g, "\\s+"), "i");
}

/** True when the pattern is written as `/regex/flags`. */
export function isRegexPattern(pattern: string): boolean {
  return REGEX_LITERAL.test(pattern);
}
