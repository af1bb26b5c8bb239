/**
 * Executors for resources the simulated account does not model yet (security
 * groups, IAM roles, WAF IP sets, instance containment): they fail at start with the error AWS gives for a
 * missing resource, so an action on something the scenario never declared can never "work" in the eval.
 */
import { z } from "zod";
import type { ActionHandler } from "../automation-actions.js";

function missing(error: (params: Record<string, unknown>) => string): ActionHandler {
  return {
    params: z.record(z.string(), z.unknown()),
    minutes: 1,
    check: (run) => error(run.params),
    finish: () => "not reached",
  };
}

export const UNMODELLED_HANDLERS: Readonly<Record<string, ActionHandler>> = {
  "api:ec2:AuthorizeSecurityGroupIngress": missing(
    (p) => `InvalidGroup.NotFound: The security group '${String(p.GroupId)}' does not exist`,
  ),
  "api:iam:AttachRolePolicy": missing(
    (p) => `NoSuchEntity: The role with name ${String(p.RoleName)} cannot be found.`,
  ),
  "api:wafv2:UpdateIPSet": missing(
    () =>
      "WAFNonexistentItemException: AWS WAF couldn’t perform the operation because your resource doesn’t exist.",
  ),
  "ssm-automation:AWSSupport-ContainEC2Instance": missing(
    (p) =>
      `Step fails when it is Executing. InvalidInstanceID.NotFound: The instance ID '${String(p.InstanceId)}' does not exist`,
  ),
};
