/**
 * The catalogue of AWS-owned SSM documents (`knowledge/aws-runbooks/catalogue.yaml`): official knowledge the
 * retriever can cite. Each entry becomes a searchable runbook with source "aws-official"; it maps to a
 * catalogue action only where one exists (the action catalogue, not this file, decides what can run).
 */
import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { z } from "zod";
import { ResourceTypeSchema } from "../../tools/domain/index.js";
import { RunbookActionRefSchema } from "../retrieval/types.js";
import { RunbookParseError, zodProblems } from "./front-matter.js";
import { AWS_CATALOGUE_PATH } from "./paths.js";
import { type Runbook, RunbookCategorySchema } from "./schema.js";

export const AwsDocumentSchema = z
  .object({
    name: z
      .string()
      .regex(/^AWS[A-Za-z]*-[A-Za-z0-9]+$/, "an AWS-owned document name like AWS-RestartEC2Instance"),
    type: z.enum(["Automation", "Command"]),
    title: z.string().min(1),
    summary: z.string().min(1),
    parameters: z
      .array(
        z
          .object({ name: z.string(), required: z.boolean().default(false), notes: z.string().optional() })
          .strict(),
      )
      .default([]),
    risk: z.enum(["low", "medium", "high", "critical"]),
    category: RunbookCategorySchema,
    resourceTypes: z.array(ResourceTypeSchema).default([]),
    docs: z.string().regex(/^https:\/\/docs\.aws\.amazon\.com\//, "a link on docs.aws.amazon.com"),
    notes: z.string().optional(),
    keywords: z.array(z.string()).default([]),
    action: RunbookActionRefSchema.strict().optional(),
  })
  .strict();
export type AwsDocument = z.infer<typeof AwsDocumentSchema>;

export const AwsCatalogueSchema = z.object({ documents: z.array(AwsDocumentSchema).min(1) }).strict();

export { AWS_CATALOGUE_PATH };

/** Parses catalogue YAML text into validated entries; throws `RunbookParseError` naming bad fields. */
export function parseAwsCatalogue(text: string, origin: string): AwsDocument[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new RunbookParseError(
      origin,
      doc.errors.map((e) => ({ origin, message: `not valid YAML: ${e.message.split("\n")[0]}` })),
    );
  }
  const parsed = AwsCatalogueSchema.safeParse(doc.toJS());
  if (!parsed.success) throw new RunbookParseError(origin, zodProblems(origin, parsed.error.issues));
  return parsed.data.documents;
}

function bodyOf(entry: AwsDocument): string {
  const params = entry.parameters
    .map((p) => `- \`${p.name}\`${p.required ? " (required)" : ""}${p.notes ? `: ${p.notes}` : ""}`)
    .join("\n");
  return [
    `AWS-owned SSM ${entry.type === "Automation" ? "Automation runbook" : "Run Command document"} ${entry.name}.`,
    entry.summary.trim(),
    params ? `## Key parameters\n${params}` : "",
    `## Risk\n${entry.risk}${entry.notes ? `. ${entry.notes.trim()}` : ""}`,
    entry.keywords.length > 0 ? `Keywords: ${entry.keywords.join(", ")}` : "",
    `Documentation: ${entry.docs}`,
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** One catalogue entry as a searchable runbook. */
export function awsDocumentToRunbook(entry: AwsDocument, origin: string): Runbook {
  return {
    id: entry.name,
    title: `${entry.title} (${entry.name})`,
    services: "*",
    category: entry.category,
    signals: { alarms: [], logPatterns: [], resourceTypes: entry.resourceTypes },
    actions: entry.action ? [entry.action] : [],
    verification: `Check that the ${entry.type === "Automation" ? "automation execution" : "command invocation"} reports Success, then watch the alarm that opened the incident.`,
    tags: [entry.name, ...entry.keywords],
    body: bodyOf(entry),
    source: "aws-official",
    origin: `${origin}#${entry.name}`,
  };
}

/** Loads the shipped catalogue (or another file) as runbooks. */
export async function loadAwsCatalogue(path: string | URL = AWS_CATALOGUE_PATH): Promise<Runbook[]> {
  const text = await readFile(path, "utf8");
  const origin = typeof path === "string" ? path : "knowledge/aws-runbooks/catalogue.yaml";
  return parseAwsCatalogue(text, origin).map((entry) => awsDocumentToRunbook(entry, origin));
}
