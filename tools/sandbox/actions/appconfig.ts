/** appconfig:StartDeployment of an earlier hosted configuration version (all at once). */
import { z } from "zod";
import type { ActionHandler, ActionRun } from "../automation-actions.js";
import { record, str } from "./run.js";

const profileOf = (run: ActionRun) =>
  run.world.appConfigs.get(
    `${str(run, "ApplicationId")}/${str(run, "EnvironmentId")}/${str(run, "ConfigurationProfileId")}`,
  );

export const startAppConfigDeployment: ActionHandler = {
  params: z.object({
    ApplicationId: z.string().min(1),
    EnvironmentId: z.string().min(1),
    ConfigurationProfileId: z.string().min(1),
    ConfigurationVersion: z.string().regex(/^\d+$/),
    DeploymentStrategyId: z.string().min(1),
  }),
  minutes: 2,
  check(run) {
    const a = profileOf(run);
    if (!a) return `ResourceNotFoundException: Application ${str(run, "ApplicationId")} not found`;
    if (!a.versions.some((v) => String(v.version) === str(run, "ConfigurationVersion"))) {
      return `ResourceNotFoundException: Hosted configuration version ${str(run, "ConfigurationVersion")} not found`;
    }
    return undefined;
  },
  finish(run) {
    const a = profileOf(run);
    if (!a) return "profile disappeared";
    const from = a.deployed;
    const to = Number(str(run, "ConfigurationVersion"));
    if (from !== to) {
      a.deployedBefore = [from, ...a.deployedBefore.filter((v) => v !== from && v !== to)];
      a.deployed = to;
    }
    record(run, {
      service: a.service,
      resourceId: `${a.application}/${a.environment}/${a.profile}`,
      kind: "feature-flag",
      summary: `AppConfig ${a.application}/${a.profile} in ${a.environment}: version ${to} deployed (was ${from})`,
      from: String(from),
      to: String(to),
    });
    return `StartDeployment: ${a.profile} version ${to} deployed to ${a.environment} (COMPLETE)`;
  },
};
