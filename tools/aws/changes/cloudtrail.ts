/**
 * Changes only CloudTrail sees: Lambda alias moves and configuration edits, Parameter Store writes, AppConfig
 * deployments, security-group rule edits and IAM role policy edits. One paginated `LookupEvents` over the
 * window's write management events (`ReadOnly = false`); the event names below are kept, the rest dropped.
 * Each event is attributed to a service through the resource ids its request names (see `Owners`).
 *
 * IAM is a global service: its events are recorded in us-east-1 only, so the adapter also queries a
 * us-east-1 client when the Region differs (`changes.ts`).
 */
import { type CloudTrailClient, type Event, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { awsCall } from "../../aws-shared/errors.js";
import type { ChangeEvent } from "../../domain/index.js";
import { iso, truncate } from "../util.js";
import { appConfigChangeId } from "./appconfig.js";
import type { Window } from "./compute.js";
import { recordedRules } from "./sg-rules.js";
import type { Owners } from "./ssm.js";

type Params = Record<string, unknown>;

/** What one recorded call changed: the resource ids it names (first = the resource), kind, from/to. */
interface Mapped {
  ids: string[];
  kind: ChangeEvent["kind"];
  summary: string;
  from?: string;
  to?: string;
  /** A stable id shared with another source of the same change (Parameter Store history). */
  id?: string;
}

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;

/** Security-group rules in a request, short: `tcp 22 from 0.0.0.0/0`. */
function rules(p: Params): string {
  const perms = (p["ipPermissions"] as { items?: Params[] } | undefined)?.items ?? [];
  const out = perms.map((r) => {
    const ranges = [
      ...((r["ipRanges"] as { items?: Params[] } | undefined)?.items ?? []).map((x) => str(x["cidrIp"])),
      ...((r["ipv6Ranges"] as { items?: Params[] } | undefined)?.items ?? []).map((x) => str(x["cidrIpv6"])),
      ...((r["groups"] as { items?: Params[] } | undefined)?.items ?? []).map((x) => str(x["groupId"])),
    ].filter(Boolean);
    const ports =
      r["fromPort"] === r["toPort"] ? str(r["fromPort"]) : `${str(r["fromPort"])}-${str(r["toPort"])}`;
    return `${str(r["ipProtocol"]) ?? "?"} ${ports ?? ""} ${ranges.join(",")}`.replace(/\s+/g, " ").trim();
  });
  return out.join("; ");
}

/** Lambda event names carry the API version (`UpdateAlias20150331`, `UpdateFunctionConfiguration20150331v2`). */
export const baseEventName = (name: string) => name.replace(/\d{8}(v\d+)?$/, "");

const MAPPERS: Record<string, Record<string, (req: Params, res: Params) => Mapped>> = {
  "lambda.amazonaws.com": {
    UpdateAlias: (req, res) => {
      const fn = str(req["functionName"]) ?? "?";
      const alias = str(req["name"]) ?? "?";
      const to = str(req["functionVersion"]) ?? str(res["functionVersion"]);
      return {
        ids: [`${fn}:${alias}`, fn],
        kind: "deployment",
        summary: `Lambda alias ${fn}:${alias} moved${to ? ` to version ${to}` : ""}`,
        ...(to ? { to } : {}),
      };
    },
    UpdateFunctionConfiguration: (req) => {
      const fn = str(req["functionName"]) ?? "?";
      const keys = Object.keys(req).filter((k) => k !== "functionName");
      return {
        ids: [fn],
        kind: "config",
        summary: `Lambda ${fn} configuration updated${keys.length ? ` (${keys.join(", ")})` : ""}`,
      };
    },
    UpdateFunctionCode: (req) => ({
      ids: [str(req["functionName"]) ?? "?"],
      kind: "deployment",
      summary: `Lambda ${str(req["functionName"]) ?? "?"} code updated`,
    }),
    PutFunctionConcurrency: (req) => {
      const to = str(req["reservedConcurrentExecutions"]);
      return {
        ids: [str(req["functionName"]) ?? "?"],
        kind: "config",
        summary: `Lambda ${str(req["functionName"]) ?? "?"} reserved concurrency set to ${to ?? "?"}`,
        ...(to ? { to } : {}),
      };
    },
  },
  "ssm.amazonaws.com": {
    PutParameter: (req, res) => {
      const name = str(req["name"]) ?? "?";
      const version = Number(res["version"]);
      const known = Number.isInteger(version) && version > 0;
      return {
        ids: [name],
        kind: "config",
        summary: `SSM parameter ${name} written${known ? ` (version ${version})` : ""}`,
        ...(known ? { id: `ssm-parameter:${name}:${version}`, to: String(version) } : {}),
        ...(known && version > 1 ? { from: String(version - 1) } : {}),
      };
    },
  },
  "appconfig.amazonaws.com": {
    StartDeployment: (req, res) => {
      const app = str(req["applicationId"]) ?? "?";
      const env = str(req["environmentId"]) ?? "?";
      const profile = str(req["configurationProfileId"]) ?? "?";
      const to = str(req["configurationVersion"]);
      const n = str(res["deploymentNumber"]);
      return {
        // The catalogue's AppConfig target (application/environment/profile) first, then its parts.
        ids: [`${app}/${env}/${profile}`, `${app}/${env}`, `${app}/${profile}`, profile, app, env],
        kind: "feature-flag",
        summary:
          `AppConfig deployment${n ? ` #${n}` : ""} of profile ${profile} version ${to ?? "?"} ` +
          `to environment ${env} (application ${app})`,
        ...(to ? { to } : {}),
        // Shared with the deployment history (`appconfig.ts`), so one deployment is one change.
        ...(n && !`${app}${env}`.includes("?") ? { id: appConfigChangeId(app, env, n) } : {}),
      };
    },
  },
  "ec2.amazonaws.com": Object.fromEntries(
    [
      "AuthorizeSecurityGroupIngress",
      "AuthorizeSecurityGroupEgress",
      "RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress",
      "ModifySecurityGroupRules",
    ].map((name) => [
      name,
      (req: Params, res: Params): Mapped => {
        const group = str(req["groupId"]) ?? str(req["GroupId"]) ?? "?";
        const detail = rules(req);
        // The rules in the catalogue's form: a revoked rule is the `from` a restore re-authorizes.
        const changed =
          name === "ModifySecurityGroupRules" ? [] : recordedRules(req, res, name.endsWith("Egress"));
        const list = changed.join(",");
        return {
          ids: [group],
          kind: "infrastructure",
          summary: truncate(`${name} on ${group}${detail ? `: ${detail}` : list ? `: ${list}` : ""}`, 400),
          ...(list && name.startsWith("Revoke") ? { from: list } : {}),
          ...(list && name.startsWith("Authorize") ? { to: list } : {}),
        };
      },
    ]),
  ),
  "iam.amazonaws.com": Object.fromEntries(
    ["AttachRolePolicy", "DetachRolePolicy", "PutRolePolicy", "DeleteRolePolicy"].map((name) => [
      name,
      (req: Params): Mapped => {
        const role = str(req["roleName"]) ?? "?";
        const policy = str(req["policyArn"]) ?? str(req["policyName"]) ?? "?";
        // What the role had before (detached / deleted) or has after (attached / put): a re-attach reads `from`.
        const removed = name === "DetachRolePolicy" || name === "DeleteRolePolicy";
        return {
          ids: [role],
          kind: "infrastructure",
          summary: `${name} ${policy} on role ${role}`,
          ...(policy === "?" ? {} : removed ? { from: policy } : { to: policy }),
        };
      },
    ]),
  ),
};

/** The event names kept, per event source (for the docs and tests). */
export const TRACKED_EVENTS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(MAPPERS).map(([source, m]) => [source, Object.keys(m)]),
);

function parse(raw: string | undefined): Params {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === "object" ? (v as Params) : {};
  } catch {
    return {};
  }
}

/** One CloudTrail event as a change, or undefined when it is not a tracked change or (if asked) not owned. */
export function toChange(e: Event, owners: Owners, onlyOwned: boolean): ChangeEvent | undefined {
  const detail = parse(e.CloudTrailEvent);
  const source = e.EventSource ?? str(detail["eventSource"]) ?? "";
  const mapper = MAPPERS[source]?.[baseEventName(e.EventName ?? "")];
  if (!mapper) return undefined;
  if (detail["errorCode"]) return undefined; // a refused call changed nothing
  const m = mapper(
    (detail["requestParameters"] ?? {}) as Params,
    (detail["responseElements"] ?? {}) as Params,
  );
  // "?" marks an id built from a request field the event did not carry: never a real resource.
  const ids = [...m.ids, ...(e.Resources ?? []).map((r) => r.ResourceName ?? "")].filter(
    (x) => x !== "" && !x.includes("?"),
  );
  const hit = ids.find((id) => owners.has(id));
  if (onlyOwned && !hit) return undefined;
  const identity = (detail["userIdentity"] ?? {}) as Params;
  const author = str(identity["arn"]) ?? e.Username;
  return {
    id: m.id ?? `cloudtrail:${e.EventId ?? `${e.EventName}@${iso(e.EventTime)}`}`,
    time: iso(e.EventTime) ?? str(detail["eventTime"]) ?? "",
    service: (hit && owners.get(hit)) ?? "unknown",
    // The resource the call changed (an alias, not its function), attributed through any id it names.
    resourceId: ids[0] ?? hit ?? "",
    kind: m.kind,
    summary: m.summary,
    ...(m.from ? { from: m.from } : {}),
    ...(m.to ? { to: m.to } : {}),
    ...(author ? { author } : {}),
  };
}

export interface CloudTrailChangeOptions {
  onlyOwned: boolean;
  /** At most this many events are read (LookupEvents allows 2 calls/s per Region). Default 500. */
  max?: number;
}

/** Tracked write management events in the window, newest first from CloudTrail, as changes. */
export async function cloudTrailChanges(
  client: CloudTrailClient,
  owners: Owners,
  w: Window,
  options: CloudTrailChangeOptions,
): Promise<ChangeEvent[]> {
  const max = options.max ?? 500;
  const out: ChangeEvent[] = [];
  let seen = 0;
  let NextToken: string | undefined;
  do {
    const page = await awsCall(
      {
        action: "cloudtrail:LookupEvents",
        resource: "management events",
        region: () => client.config.region(),
      },
      () =>
        client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
            StartTime: new Date(w.since),
            EndTime: new Date(w.until),
            MaxResults: 50,
            NextToken,
          }),
        ),
    );
    for (const e of page.Events ?? []) {
      seen++;
      const c = toChange(e, owners, options.onlyOwned);
      if (c) out.push(c);
    }
    NextToken = seen < max ? page.NextToken : undefined;
  } while (NextToken);
  return out;
}
