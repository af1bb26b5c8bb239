/**
 * IAM call registry entries for the change feed (see `../iam-calls.ts`): CloudTrail's event history (no
 * resource-level permissions) and the history of the parameters the responder manages (tagged), with a
 * probe that an untagged parameter's history stays unreadable.
 */
import type { ArnContext, IamCall } from "../iam-call-types.js";
import { accountArn, tagged, untagged } from "../iam-call-types.js";

const parameter = (c: ArnContext) => accountArn(c, "ssm", "parameter/prod/checkout/tax-service-url");
const HISTORY = "tools/aws/changes/parameters.ts (GetParameterHistoryCommand)";

const APPCONFIG = "tools/aws/changes/appconfig.ts; automation/api-calls-appconfig.ts (history check, status)";

export const CHANGE_FEED_IAM_CALLS: readonly IamCall[] = [
  // AppConfig deployments are authorised on the application, the environment and the deployment.
  ...(
    [
      ["application", "appconfig:ListDeployments", "application/shop1a2"],
      ["environment", "appconfig:ListDeployments", "application/shop1a2/environment/prod3b4"],
      ["deployment", "appconfig:GetDeployment", "application/shop1a2/environment/prod3b4/deployment/7"],
    ] as const
  ).map(
    ([what, action, rest]): IamCall => ({
      id: `changes.appconfig.${action.split(":")[1]}.${what}`,
      principals: ["worker"],
      action,
      resource: (c) => accountArn(c, "appconfig", rest),
      source: APPCONFIG,
    }),
  ),
  {
    id: "changes.cloudtrail.lookup-events",
    principals: ["worker"],
    action: "cloudtrail:LookupEvents",
    resource: () => "*",
    source: "tools/aws/changes/cloudtrail.ts (LookupEventsCommand)",
  },
  {
    id: "changes.ssm.parameter-history",
    principals: ["worker"],
    action: "ssm:GetParameterHistory",
    resource: parameter,
    context: tagged,
    source: HISTORY,
  },
  {
    id: "changes.ssm.parameter-history.untagged",
    principals: [],
    action: "ssm:GetParameterHistory",
    resource: parameter,
    context: untagged,
    expect: "deny",
    source: HISTORY,
  },
];
