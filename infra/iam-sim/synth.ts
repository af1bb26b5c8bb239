/**
 * The stack as `cdk synth` builds it (cdk.json's context plus overrides), without bundling the handlers:
 * what `check:iam` simulates. (Tests use `infra/test-support.ts`, which production code may not import.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { configFromContext, type ResponderConfig } from "../config.js";
import { defaultEntryPaths, REPO_ROOT } from "../lambda-entries.js";
import { ResponderStack } from "../responder-stack.js";

export function synthForChecks(overrides: Record<string, unknown> = {}): {
  stack: ResponderStack;
  template: Template;
  config: ResponderConfig;
} {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")) as {
    context?: Record<string, unknown>;
  };
  const app = new App({ context: { ...cdkJson.context, ...overrides, "aws:cdk:bundling-stacks": [] } });
  const config = configFromContext((key) => app.node.tryGetContext(key));
  const stack = new ResponderStack(app, "AirResponder", { config, entries: defaultEntryPaths() });
  return { stack, template: Template.fromStack(stack), config };
}
