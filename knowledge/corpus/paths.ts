import { pathToFileURL } from "node:url";

/**
 * Where the shipped knowledge lives: relative to this module from source, or `AIR_KNOWLEDGE_DIR` (a folder
 * holding `runbooks/` and `aws-runbooks/`) when bundled, e.g. for Lambda where the bundle sits elsewhere.
 */
const shipped = process.env.AIR_KNOWLEDGE_DIR
  ? pathToFileURL(`${process.env.AIR_KNOWLEDGE_DIR.replace(/\/$/, "")}/`)
  : undefined;

export const BUILT_IN_RUNBOOKS_DIR = shipped
  ? new URL("runbooks/", shipped)
  : new URL("../runbooks/", import.meta.url);
export const AWS_CATALOGUE_PATH = shipped
  ? new URL("aws-runbooks/catalogue.yaml", shipped)
  : new URL("../aws-runbooks/catalogue.yaml", import.meta.url);
/** The operations vocabulary free-text runbook search expands queries with. */
export const VOCABULARY_PATH = shipped
  ? new URL("vocabulary.yaml", shipped)
  : new URL("../retrieval/vocabulary.yaml", import.meta.url);
