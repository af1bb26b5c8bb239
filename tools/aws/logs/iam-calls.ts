/**
 * IAM call registry entries for log evidence: listing groups, filtering events, Logs Insights queries. With
 * `air:logGroupPrefixes` the reads are scoped; a group outside them must be refused (and the agent notes the
 * gap instead of failing, `logs.ts`).
 */
import type { ArnContext, IamCall } from "../iam-call-types.js";
import { accountArn } from "../iam-call-types.js";

/** A group inside the configured scope (any group when there are no prefixes). */
const inScope = (c: ArnContext) => `${c.logGroupPrefixes[0] ?? "/aws/lambda/"}checkout-api`;
const groupArn = (name: (c: ArnContext) => string) => (c: ArnContext) =>
  accountArn(c, "logs", `log-group:${name(c)}`);
const scoped = (c: ArnContext) => c.logGroupPrefixes.length > 0;

export const LOGS_IAM_CALLS: readonly IamCall[] = [
  {
    id: "logs.describe-groups",
    principals: ["worker"],
    action: "logs:DescribeLogGroups",
    // A list call without resource-level permissions: IAM evaluates it on `*`.
    resource: () => "*",
    source: "tools/aws/logs/log-groups.ts (DescribeLogGroupsCommand)",
  },
  ...(["FilterLogEvents", "StartQuery"] as const).flatMap((op): IamCall[] => [
    {
      id: `logs.${op}.in-scope`,
      principals: ["worker"],
      action: `logs:${op}`,
      resource: groupArn(inScope),
      source: `tools/aws/logs (${op}Command)`,
    },
    {
      id: `logs.${op}.outside-prefixes`,
      principals: [],
      action: `logs:${op}`,
      resource: groupArn(() => "/other-team/payroll"),
      expect: "deny",
      when: scoped,
      source: "scope probe: a group outside air:logGroupPrefixes",
    },
  ]),
  {
    id: "logs.query-results",
    principals: ["worker"],
    action: "logs:GetQueryResults",
    resource: () => "*",
    source: "tools/aws/logs/insights.ts (GetQueryResultsCommand)",
  },
  {
    id: "logs.stop-query",
    principals: ["worker"],
    action: "logs:StopQuery",
    resource: () => "*",
    source: "tools/aws/logs/insights.ts (StopQueryCommand)",
  },
];
