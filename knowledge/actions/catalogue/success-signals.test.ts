/**
 * The signal an action must bring back is the reader's, on every service shape: a configuration revert
 * behind a Lambda function watches the function's errors (there is no target group to watch), and a
 * database reboot counts as a fix only when callers connect again (on a busy database that signal is already
 * good, so a reboot there is never scored a success).
 */
import { describe, expect, it } from "vitest";
import type { ResourceDescription } from "../../../tools/domain/index.js";
import { findAction } from "../catalogue.js";

const resource = (
  id: string,
  type: ResourceDescription["type"],
  attributes: ResourceDescription["attributes"],
): ResourceDescription => ({ id, type, service: "svc", state: "active", tags: {}, attributes });

const signalOf = (actionId: string, params: Record<string, unknown>, target: ResourceDescription) => {
  const action = findAction(actionId);
  if (!action) throw new Error(`${actionId} is not in the catalogue`);
  return action.successSignal(params, target);
};

describe("configuration reverts watch the reader", () => {
  const revert = { Name: "/prod/invoicing/fx", RestoreVersion: "12" };
  it("behind a load balancer: the target group's 5XX", () => {
    const target = resource("/prod/invoicing/fx", "ssm-parameter", { targetGroup: "targetgroup/x/0123" });
    expect(signalOf("ssm-parameter-revert", revert, target)).toMatchObject({
      metric: "HTTPCode_Target_5XX_Count",
      dimensions: { TargetGroup: "targetgroup/x/0123" },
    });
  });
  it.each([
    ["ssm-parameter-revert", "ssm-parameter", revert],
    [
      "appconfig-rollback-configuration",
      "appconfig-profile",
      {
        ApplicationId: "pricing",
        EnvironmentId: "prod",
        ConfigurationProfileId: "flags",
        ConfigurationVersion: "7",
        DeploymentStrategyId: "AppConfig.AllAtOnce",
      },
    ],
  ] as const)("behind a Lambda function: %s watches the function's errors", (actionId, type, params) => {
    const target = resource("x", type, { readerFunction: "pricing-engine" });
    expect(signalOf(actionId, params, target)).toMatchObject({
      namespace: "AWS/Lambda",
      metric: "Errors",
      dimensions: { FunctionName: "pricing-engine" },
      recoveredWhen: "below",
    });
  });
});

describe("a database reboot", () => {
  it("succeeds only when callers connect again", () => {
    const db = resource("ledger-db", "rds-instance", { maxConnections: 400 });
    expect(signalOf("rds-reboot-instance", { InstanceId: "ledger-db" }, db)).toMatchObject({
      metric: "DatabaseConnections",
      recoveredWhen: "above",
      threshold: 20,
    });
  });
});
