/**
 * What a resource had before, from CloudTrail's event history of that resource (LookupEvents by
 * `ResourceName`, the last 90 days CloudTrail keeps): the security-group rules revoked and the managed
 * policies detached, each through the change feed's own mapping (`changes/cloudtrail.ts`), so the resource
 * description and the change feed agree on the rule and policy forms the catalogue's restore actions take.
 */
import { type CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { awsCall } from "../../aws-shared/errors.js";
import type { ChangeEvent } from "../../domain/index.js";
import { toChange } from "../changes/cloudtrail.js";

const DAY = 86_400_000;
/** One page: the most recent changes are the ones a restore needs, and LookupEvents allows 2 calls/s. */
const MAX_EVENTS = 50;

/** Tracked changes CloudTrail lists for a resource name, newest first. */
export async function recordedChanges(
  client: CloudTrailClient | undefined,
  resourceName: string,
  now: Date,
): Promise<ChangeEvent[]> {
  if (!client) return [];
  const res = await awsCall(
    {
      action: "cloudtrail:LookupEvents",
      resource: `events of ${resourceName}`,
      region: () => client.config.region(),
    },
    () =>
      client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: resourceName }],
          StartTime: new Date(now.getTime() - 90 * DAY),
          EndTime: now,
          MaxResults: MAX_EVENTS,
        }),
      ),
  );
  return (res.Events ?? [])
    .map((e) => toChange(e, new Map(), false))
    .filter((c): c is ChangeEvent => c !== undefined)
    .sort((a, b) => b.time.localeCompare(a.time));
}

/**
 * Values a resource lost and does not have again: each `from` of a removing change (newest first), minus
 * what it has now. `removes` picks the changes (e.g. ingress revocations), values are comma-separated.
 */
export function lostValues(
  changes: readonly ChangeEvent[],
  removes: (c: ChangeEvent) => boolean,
  current: readonly string[],
): string[] {
  const have = new Set(current);
  const lost = changes.filter(removes).flatMap((c) => (c.from ?? "").split(",").filter(Boolean));
  return [...new Set(lost)].filter((v) => !have.has(v));
}
