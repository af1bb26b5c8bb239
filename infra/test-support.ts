/**
 * Test helpers: synthesize the stack with the same context as `cdk synth` (cdk.json), bundling the real
 * handlers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { configFromContext, type ResponderConfig } from "./config.js";
import { defaultEntryPaths, type EntryPaths, REPO_ROOT } from "./lambda-entries.js";
import { ResponderStack } from "./responder-stack.js";

/** The `context` block of cdk.json (feature flags and `air:*` defaults). */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export function testEntries(): EntryPaths {
  return defaultEntryPaths();
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
