/**
 * The one list of Lambda entry points. The stack, the handler-export test and the bundle benchmark all
 * read it, so a renamed handler file breaks all three loudly instead of deploying a stale bundle.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type LambdaName = "intake" | "worker" | "approval" | "sweeper";

export interface LambdaEntry {
  /** Construct id stem and the key used everywhere else (`intake` -> `IntakeFunction`). */
  name: LambdaName;
  /** Source file, relative to the repository root. */
  entry: string;
  /** The exported function Lambda invokes. */
  handler: "handler";
  description: string;
}

/** The repository root (infra/ lives directly under it). */
export const REPO_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

export const LAMBDA_ENTRIES: readonly LambdaEntry[] = [
  {
    name: "intake",
    entry: "handlers/lambda/intake.ts",
    handler: "handler",
    description: "Alarm events (EventBridge, SNS) -> incident store -> one run start on the FIFO queue",
  },
  {
    name: "worker",
    entry: "handlers/lambda/worker.ts",
    handler: "handler",
    description: "SQS FIFO consumer: runs or resumes one incident's graph",
  },
  {
    name: "approval",
    entry: "handlers/lambda/approval.ts",
    handler: "handler",
    description: "Approval link (function URL): verifies the signed single-use token, queues the resume",
  },
  {
    name: "sweeper",
    entry: "handlers/lambda/sweeper.ts",
    handler: "handler",
    description: "Scheduled: escalates approvals that waited too long",
  },
];

/** Entry files by function name, as absolute paths; the stack takes an override for tests. */
export type EntryPaths = Record<LambdaName, string>;

export function defaultEntryPaths(root: string = REPO_ROOT): EntryPaths {
  const paths = {} as EntryPaths;
  for (const e of LAMBDA_ENTRIES) paths[e.name] = resolve(root, e.entry);
  return paths;
}

/** The default entry paths, or a clear error naming the handler files that do not exist. */
export function existingEntryPaths(root: string = REPO_ROOT): EntryPaths {
  const paths = defaultEntryPaths(root);
  const missing = LAMBDA_ENTRIES.filter((e) => !existsSync(paths[e.name])).map((e) => e.entry);
  if (missing.length > 0) {
    throw new Error(
      `Lambda handler file(s) missing: ${missing.join(", ")}. infra/lambda-entries.ts lists the entry points ` +
        "the stack bundles; each must exist and export `handler`.",
    );
  }
  return paths;
}
