/** Executors of the catalogue families beyond the first five, by executor key (see automation-actions.ts). */
import type { ActionHandler } from "../automation-actions.js";
import { startAppConfigDeployment } from "./appconfig.js";
import { extendEbsVolume, forceNewDeployment, rebootRds, setDesiredCount, updateAsgMax } from "./compute.js";
import { containInstance } from "./containment.js";
import { setQueueAttributes, startMessageMove, updateTable } from "./data.js";
import { deleteConcurrency, putConcurrency } from "./lambda.js";
import { revertParameter } from "./parameters.js";
import { attachRolePolicy, authorizeIngress, updateIpSet } from "./security.js";

export { rootVolumeId } from "./compute.js";

export const FAMILY_HANDLERS: Readonly<Record<string, ActionHandler>> = {
  "api:lambda:PutFunctionConcurrency": putConcurrency,
  "api:lambda:DeleteFunctionConcurrency": deleteConcurrency,
  "api:dynamodb:UpdateTable": updateTable,
  "api:sqs:SetQueueAttributes": setQueueAttributes,
  "api:sqs:StartMessageMoveTask": startMessageMove,
  "api:autoscaling:UpdateAutoScalingGroup": updateAsgMax,
  "ssm-automation:AWS-ExtendEbsVolume": extendEbsVolume,
  "ssm-automation:AWS-RebootRdsInstance": rebootRds,
  "api:ec2:AuthorizeSecurityGroupIngress": authorizeIngress,
  "api:iam:AttachRolePolicy": attachRolePolicy,
  "api:wafv2:UpdateIPSet": updateIpSet,
  "ssm-automation:AWSSupport-ContainEC2Instance": containInstance,
  "api:ssm:PutParameter": revertParameter,
  "api:appconfig:StartDeployment": startAppConfigDeployment,
};

/**
 * ecs:UpdateService takes one of three shapes (new revision, force new deployment, desired count); AWS
 * tells them apart by which field is set, and so does this.
 */
export function ecsUpdateService(rollback: ActionHandler): ActionHandler {
  const pick = (params: Record<string, unknown>): ActionHandler =>
    "forceNewDeployment" in params
      ? forceNewDeployment
      : "desiredCount" in params
        ? setDesiredCount
        : rollback;
  return {
    params: rollback.params
      .or(forceNewDeployment.params)
      .or(setDesiredCount.params) as ActionHandler["params"],
    minutes: rollback.minutes,
    check: (run) => pick(run.params).check(run),
    begin: (run) => pick(run.params).begin?.(run),
    finish: (run) => pick(run.params).finish(run),
  };
}
