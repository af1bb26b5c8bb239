/**
 * Parameter Store edits from the parameters' own history (`GetParameterHistory`): every version written in
 * the window, with the version it replaced. Values are never copied into the change (they may be secrets).
 * Ids match the CloudTrail `PutParameter` mapping, so the two sources of one edit collapse into one change.
 */
import { GetParameterHistoryCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { awsCall } from "../../aws-shared/errors.js";
import type { ChangeEvent } from "../../domain/index.js";
import { iso } from "../util.js";
import type { Window } from "./compute.js";

/** Versions of each named parameter (name → owning service) written in the window. */
export async function parameterChanges(
  client: SSMClient,
  parameters: ReadonlyMap<string, string>,
  w: Window,
): Promise<ChangeEvent[]> {
  const out: ChangeEvent[] = [];
  for (const [name, service] of parameters) {
    const versions: { version: number; time: number | undefined; user: string | undefined }[] = [];
    let NextToken: string | undefined;
    do {
      const page = await awsCall(
        {
          action: "ssm:GetParameterHistory",
          resource: `parameter ${name}`,
          region: () => client.config.region(),
        },
        () =>
          client.send(
            new GetParameterHistoryCommand({ Name: name, WithDecryption: false, MaxResults: 50, NextToken }),
          ),
      );
      for (const p of page.Parameters ?? []) {
        if (p.Version === undefined) continue;
        versions.push({ version: p.Version, time: p.LastModifiedDate?.getTime(), user: p.LastModifiedUser });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    versions.sort((a, b) => a.version - b.version);
    versions.forEach((v, i) => {
      if (v.time === undefined || v.time < w.since || v.time > w.until) return;
      const before = versions[i - 1];
      out.push({
        id: `ssm-parameter:${name}:${v.version}`,
        time: iso(v.time) ?? "",
        service,
        resourceId: name,
        kind: "config",
        summary: `SSM parameter ${name} written (version ${v.version})`,
        ...(before ? { from: String(before.version) } : {}),
        to: String(v.version),
        ...(v.user ? { author: v.user } : {}),
      });
    });
  }
  return out;
}
