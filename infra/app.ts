/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` run this (see cdk.json). One environment-agnostic stack,
 * configured by `air:*` context keys (infra/config.ts), checked by cdk-nag's AwsSolutions pack.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { configFromContext } from "./config.js";
import { ResponderStack } from "./responder-stack.js";

/** Context key for the stack name (default `AirResponder`), so two responders can share an account. */
export const STACK_NAME_KEY = "air:stackName";

export function buildApp(app: App = new App()): { app: App; stack: ResponderStack } {
  const config = configFromContext((key) => app.node.tryGetContext(key));
  const stackName = String(app.node.tryGetContext(STACK_NAME_KEY) ?? "AirResponder");
  const stack = new ResponderStack(app, stackName, {
    config,
    description: "Autonomous incident responder (air): alarm intake, incident graph workers, approvals",
  });
  // cdk-nag 3.x is a policy-validation plugin: an unacknowledged finding fails synth with a report.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack };
}

// Synthesize when run as the CDK app (`npx tsx infra/app.ts`), not when imported.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  buildApp().app.synth();
}
