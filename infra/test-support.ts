/**
 * Test helpers: synthesize the stack with the same context as `cdk synth` (cdk.json), bundling the real
 * handlers when they exist, or stand-ins written to a temp dir while they are still being written.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { configFromContext, type ResponderConfig } from "./config.js";
import { defaultEntryPaths, type EntryPaths, LAMBDA_ENTRIES, REPO_ROOT } from "./lambda-entries.js";
import { ResponderStack } from "./responder-stack.js";

/** The `context` block of cdk.json (feature flags and `air:*` defaults). */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

/** True once every handler file in `infra/lambda-entries.ts` exists. */
export function realHandlersExist(): boolean {
  return Object.values(defaultEntryPaths()).every((p) => existsSync(p));
}

/** Where stand-in handlers go: inside the repo, because NodejsFunction wants entries under projectRoot. */
export const STUB_DIR = join(REPO_ROOT, "infra", ".test-stubs");

/** Minimal handlers with the real export shape, for synth tests before the real ones land. */
export function stubEntries(): EntryPaths {
  mkdirSync(STUB_DIR, { recursive: true });
  const paths = {} as EntryPaths;
  for (const e of LAMBDA_ENTRIES) {
    const file = join(STUB_DIR, `${e.name}.ts`);
    const source = `/** Stand-in for ${e.entry} (tests only). */\nexport async function handler(event: unknown) {\n  return { ok: true, event };\n}\n`;
    if (!existsSync(file) || readFileSync(file, "utf8") !== source) {
      // Test files run in parallel processes: write aside, then rename into place atomically.
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, source);
      renameSync(temp, file);
    }
    paths[e.name] = file;
  }
  return paths;
}

export function testEntries(): EntryPaths {
  return realHandlersExist() ? defaultEntryPaths() : stubEntries();
}

export interface Synthesized {
  app: App;
  stack: ResponderStack;
  template: Template;
  config: ResponderConfig;
}

/**
 * Builds the stack like `infra/app.ts` does, without synthesizing. `bundle: false` skips esbuild (CDK's
 * documented `aws:cdk:bundling-stacks` switch) for tests that only look at the template.
 */
export function buildStack(
  options: { context?: Record<string, unknown>; bundle?: boolean; entries?: EntryPaths } = {},
): Omit<Synthesized, "template"> {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...options.context };
  if (options.bundle === false) context["aws:cdk:bundling-stacks"] = [];
  const app = new App({ context });
  const config = configFromContext((key) => app.node.tryGetContext(key));
  const stack = new ResponderStack(app, "AirResponder", {
    config,
    entries: options.entries ?? testEntries(),
  });
  return { app, stack, config };
}

/** `buildStack` plus the synthesized template. */
export function synthStack(options: Parameters<typeof buildStack>[0] = {}): Synthesized {
  const built = buildStack(options);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** All resources of one CloudFormation type, as `[logicalId, resource]` pairs. */
export function resourcesOfType(
  template: Template,
  type: string,
): [string, { Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }][] {
  return Object.entries(template.findResources(type));
}
