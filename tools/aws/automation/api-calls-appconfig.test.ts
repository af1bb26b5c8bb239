/**
 * AppConfig rollback through the live adapter (SDK client mocked). ListDeployments / StartDeployment /
 * GetDeployment shapes follow the AppConfig API reference.
 */
import {
  ConflictException,
  type DeploymentSummary,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  StartDeploymentCommand,
} from "@aws-sdk/client-appconfig";
import { appConfigStatus } from "./api-calls-appconfig.js";
import { AwsAutomation } from "./automation.js";
import { decodeExecutionId } from "./execution-id.js";
import { clients, mocks, refusal, resetMocks, run } from "./test-support.js";

beforeEach(resetMocks);

const params = {
  ApplicationId: "abc1234",
  EnvironmentId: "env5678",
  ConfigurationProfileId: "prf9012",
  ConfigurationVersion: "3",
  DeploymentStrategyId: "AppConfig.AllAtOnce",
};
const summary = (n: number, version: string, state: string, profile = "prf9012"): DeploymentSummary => ({
  DeploymentNumber: n,
  ConfigurationProfileId: profile,
  ConfigurationName: "checkout-flags",
  ConfigurationVersion: version,
  DeploymentDurationInMinutes: 0,
  GrowthType: "LINEAR",
  GrowthFactor: 100,
  FinalBakeTimeInMinutes: 10,
  State: state as DeploymentSummary["State"],
  PercentageComplete: state === "COMPLETE" ? 100 : 40,
  StartedAt: new Date(`2026-03-01T1${n}:00:00Z`),
});
const history = (...items: DeploymentSummary[]) =>
  mocks.appConfig.on(ListDeploymentsCommand).resolves({ Items: items });
const rollback = (p: Record<string, unknown> = params) =>
  run("appconfig-rollback-configuration", "appconfig:StartDeployment", p);

describe("appconfig:StartDeployment (rollback)", () => {
  it("redeploys a version the environment ran before and follows the deployment it started", async () => {
    history(summary(5, "4", "COMPLETE"), summary(4, "3", "COMPLETE"), summary(3, "2", "COMPLETE"));
    mocks.appConfig.on(StartDeploymentCommand).resolves({ DeploymentNumber: 6, State: "DEPLOYING" });
    const execution = await rollback();
    expect(mocks.appConfig.commandCalls(StartDeploymentCommand)[0]?.args[0].input).toMatchObject(params);
    expect(execution.status).toBe("InProgress");
    expect(decodeExecutionId(execution.executionId)).toMatchObject({
      kind: "appconfig",
      applicationId: "abc1234",
      environmentId: "env5678",
      deploymentNumber: 6,
    });
    mocks.appConfig.on(GetDeploymentCommand).resolves({
      DeploymentNumber: 6,
      ConfigurationVersion: "3",
      State: "COMPLETE",
      PercentageComplete: 100,
      StartedAt: new Date("2026-03-01T12:00:00Z"),
      CompletedAt: new Date("2026-03-01T12:01:00Z"),
      EventLog: [{ EventType: "DEPLOYMENT_COMPLETED", Description: "Deployment completed" }],
    });
    const status = await new AwsAutomation(clients).status(execution.executionId);
    expect(status).toMatchObject({ status: "Success", endedAt: "2026-03-01T12:01:00.000Z" });
    expect(status.output).toMatch(/COMPLETE 100%; Deployment completed/);
  });

  it("refuses while another deployment runs in the environment, saying what runs and what to do", async () => {
    history(summary(5, "9", "DEPLOYING", "other12"), summary(4, "3", "COMPLETE"));
    await expect(rollback()).rejects.toThrow(
      /deployment #5 \(profile other12 version 9\) is DEPLOYING and AppConfig runs one deployment per environment at a time; wait/,
    );
    expect(mocks.appConfig.commandCalls(StartDeploymentCommand)).toHaveLength(0);
  });

  it("adopts its own deployment after a crash instead of starting a second one", async () => {
    history(summary(6, "3", "BAKING"), summary(5, "4", "COMPLETE"), summary(4, "3", "COMPLETE"));
    const execution = await rollback();
    expect(mocks.appConfig.commandCalls(StartDeploymentCommand)).toHaveLength(0);
    expect(decodeExecutionId(execution.executionId)).toMatchObject({ deploymentNumber: 6 });
    expect(execution.output).toMatch(/already baking: followed, not started again/);
  });

  it("starts nothing when the environment already runs the version", async () => {
    history(summary(6, "3", "COMPLETE"), summary(5, "4", "COMPLETE"));
    const execution = await rollback();
    expect(mocks.appConfig.commandCalls(StartDeploymentCommand)).toHaveLength(0);
    expect(execution.output).toMatch(/already runs this version/);
  });

  it("never deploys a version the environment did not run (or only ran in a rolled-back deployment)", async () => {
    history(
      summary(5, "4", "COMPLETE"),
      summary(4, "3", "ROLLED_BACK"),
      summary(3, "3", "COMPLETE", "other12"),
    );
    await expect(rollback()).rejects.toThrow(
      /version 3 of profile prf9012 is not among the environment's recent/,
    );
    expect(mocks.appConfig.commandCalls(StartDeploymentCommand)).toHaveLength(0);
  });

  it("turns a start that races another deployment into a clear refusal", async () => {
    history(summary(5, "4", "COMPLETE"), summary(4, "3", "COMPLETE"));
    mocks.appConfig
      .on(StartDeploymentCommand)
      .rejects(
        new ConflictException({ message: "deployment in progress", $metadata: { httpStatusCode: 409 } }),
      );
    await expect(rollback()).rejects.toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/another deployment started in this environment meanwhile/),
    });
  });

  it("accepts only the all-at-once strategy and plain AppConfig ids", () => {
    expect(refusal("appconfig:StartDeployment", { ...params, DeploymentStrategyId: "Linear50" })).toMatch(
      /DeploymentStrategyId/,
    );
    expect(refusal("appconfig:StartDeployment", { ...params, ApplicationId: "arn:aws:appconfig:x" })).toMatch(
      /ApplicationId/,
    );
    expect(refusal("appconfig:StartDeployment", { ...params, ConfigurationVersion: "latest" })).toMatch(
      /ConfigurationVersion/,
    );
  });
});

describe("AppConfig deployment state", () => {
  it("is done at COMPLETE or when fully deployed and baking; failed when AppConfig rolls back", () => {
    expect(appConfigStatus("DEPLOYING", 40)).toBe("InProgress");
    expect(appConfigStatus("VALIDATING", 0)).toBe("InProgress");
    expect(appConfigStatus("BAKING", 100)).toBe("Success");
    expect(appConfigStatus("COMPLETE", 100)).toBe("Success");
    for (const s of ["ROLLING_BACK", "ROLLED_BACK", "REVERTED"])
      expect(appConfigStatus(s, 100)).toBe("Failed");
  });
});
