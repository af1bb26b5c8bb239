/**
 * Changes made through Systems Manager: Automation executions (`DescribeAutomationExecutions`, parameters
 * from `GetAutomationExecution` when the summary names no target) and Run Command invocations
 * (`ListCommands`), each attributed to a service through the resource ids it touched.
 */
import {
  DescribeAutomationExecutionsCommand,
  GetAutomationExecutionCommand,
  ListCommandsCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { awsCall } from "../../aws-shared/errors.js";
import type { ChangeEvent } from "../../domain/index.js";
import { iso, mapLimit, truncate } from "../util.js";
import type { Window } from "./compute.js";

/** Resource id → service, for the resources in scope. */
export type Owners = Map<string, string>;

export interface SsmChangeOptions {
  /** Only changes touching a resource in `owners` (a service was asked for); otherwise every change. */
  onlyOwned: boolean;
  /** At most this many executions/commands are read. Default 100. */
  max?: number;
}

const ctx = (client: SSMClient, action: string, resource: string) => ({
  action,
  resource,
  region: () => client.config.region(),
});

function attribute(ids: string[], owners: Owners): { resourceId: string; service: string } | undefined {
  for (const id of ids) {
    const service = owners.get(id);
    if (service) return { resourceId: id, service };
  }
  return undefined;
}

export async function automationChanges(
  client: SSMClient,
  owners: Owners,
  w: Window,
  options: SsmChangeOptions,
): Promise<ChangeEvent[]> {
  const max = options.max ?? 100;
  const executions = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall(ctx(client, "ssm:DescribeAutomationExecutions", "Automation executions"), () =>
      client.send(
        new DescribeAutomationExecutionsCommand({
          Filters: [
            { Key: "StartTimeAfter", Values: [new Date(w.since).toISOString()] },
            { Key: "StartTimeBefore", Values: [new Date(w.until).toISOString()] },
          ],
          MaxResults: 50,
          NextToken,
        }),
      ),
    );
    executions.push(...(page.AutomationExecutionMetadataList ?? []));
    NextToken = executions.length < max ? page.NextToken : undefined;
  } while (NextToken);

  const events = await mapLimit(executions.slice(0, max), 4, async (e): Promise<ChangeEvent | undefined> => {
    let ids = [
      e.Target,
      ...(e.ResolvedTargets?.ParameterValues ?? []),
      ...(e.Targets ?? []).flatMap((t) => t.Values ?? []),
      ...(e.TargetMaps ?? []).flatMap((m) => Object.values(m).flat()),
    ].filter((x): x is string => typeof x === "string" && x !== "");
    if (ids.length === 0 && e.AutomationExecutionId) {
      const full = await awsCall(
        ctx(client, "ssm:GetAutomationExecution", `Automation execution ${e.AutomationExecutionId}`),
        () =>
          client.send(new GetAutomationExecutionCommand({ AutomationExecutionId: e.AutomationExecutionId })),
      );
      ids = Object.values(full.AutomationExecution?.Parameters ?? {}).flat();
    }
    const owned = attribute(ids, owners);
    if (options.onlyOwned && !owned) return undefined;
    return {
      id: e.AutomationExecutionId ?? `automation@${iso(e.ExecutionStartTime)}`,
      time: iso(e.ExecutionStartTime) ?? "",
      service: owned?.service ?? "unknown",
      resourceId: owned?.resourceId ?? ids[0] ?? "",
      kind: "infrastructure",
      summary: truncate(
        `SSM Automation ${e.DocumentName ?? "?"} (${e.AutomationExecutionStatus ?? "?"})` +
          `${ids.length ? ` on ${ids.slice(0, 5).join(", ")}` : ""}` +
          `${e.FailureMessage ? `: ${e.FailureMessage}` : ""}`,
        400,
      ),
      ...(e.ExecutedBy ? { author: e.ExecutedBy } : {}),
    };
  });
  return events.filter((e): e is ChangeEvent => e !== undefined);
}

export async function runCommandChanges(
  client: SSMClient,
  owners: Owners,
  w: Window,
  options: SsmChangeOptions,
): Promise<ChangeEvent[]> {
  const max = options.max ?? 100;
  const out: ChangeEvent[] = [];
  let NextToken: string | undefined;
  let seen = 0;
  do {
    const page = await awsCall(ctx(client, "ssm:ListCommands", "Run Command history"), () =>
      client.send(
        new ListCommandsCommand({
          Filters: [
            { key: "InvokedAfter", value: new Date(w.since).toISOString() },
            { key: "InvokedBefore", value: new Date(w.until).toISOString() },
          ],
          MaxResults: 50,
          NextToken,
        }),
      ),
    );
    for (const c of page.Commands ?? []) {
      seen++;
      const ids = [...(c.InstanceIds ?? []), ...(c.Targets ?? []).flatMap((t) => t.Values ?? [])];
      const owned = attribute(ids, owners);
      if (options.onlyOwned && !owned) continue;
      out.push({
        id: c.CommandId ?? `command@${iso(c.RequestedDateTime)}`,
        time: iso(c.RequestedDateTime) ?? "",
        service: owned?.service ?? "unknown",
        resourceId: owned?.resourceId ?? ids[0] ?? "",
        kind: "infrastructure",
        summary: truncate(
          `Run Command ${c.DocumentName ?? "?"} on ${ids.slice(0, 5).join(", ") || "targets"} (${c.Status ?? "?"})` +
            `${c.Comment ? `: ${c.Comment}` : ""}`,
          400,
        ),
      });
    }
    NextToken = seen < max ? page.NextToken : undefined;
  } while (NextToken);
  return out;
}
