/**
 * The revision a rollback should go back to: the last known good one, not simply the blamed change's `from`.
 * Deployment history says which revision ran when; the target's failure share (5XX per request behind its
 * target group, or Lambda errors per invocation) while each one ran says how it behaved. A revision is known
 * good when it ran long enough with failures at the noise floor; one with its own failure evidence is never
 * a target. With history but no known good revision, the rollback is refused and the incident escalates.
 */
import type { ChangeEvent, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { minutesBefore } from "../shared/incident-facts.js";

/** How far back deployment history and per-revision health are read. */
export const HISTORY_LOOKBACK_MINUTES = 24 * 60;
/** Minutes a revision must have run, with data, to count as known good. */
export const MIN_HEALTHY_MINUTES = 10;
/** Failure share from which a revision has its own failure evidence (ten times a typical noise floor). */
export const FAILURE_SHARE = 0.01;

export interface RevisionHealth {
  revision: string;
  from: string;
  to: string;
  /** Minutes with traffic data while it ran. */
  minutes: number;
  /** Failed / total over those minutes; undefined without data. */
  failureShare?: number;
  verdict: "good" | "failing" | "unknown";
}

export type LastKnownGood =
  | { status: "found"; revision: string; reason: string; history: RevisionHealth[] }
  | { status: "none"; reason: string; history: RevisionHealth[] }
  /** No deployment history or no health metric for this target: nothing to say either way. */
  | { status: "no-evidence"; history: RevisionHealth[] };

interface Kind {
  current: string;
  previous: string;
  /** Totals and failures metrics for the target, when it has any. */
  metrics(
    target: ResourceDescription,
  ): { namespace: string; totals: string; failures: string; dims: Record<string, string> } | undefined;
}

const KINDS: Record<string, Kind> = {
  "ecs-rollback-service": {
    current: "taskDefinition",
    previous: "previousTaskDefinitions",
    metrics: (t) => {
      const tg = String(t.attributes.targetGroup ?? "");
      return tg
        ? {
            namespace: "AWS/ApplicationELB",
            totals: "RequestCount",
            failures: "HTTPCode_Target_5XX_Count",
            dims: { TargetGroup: tg },
          }
        : undefined;
    },
  },
  "lambda-rollback-alias": {
    current: "aliasVersion",
    previous: "previousVersions",
    metrics: (t) => ({
      namespace: "AWS/Lambda",
      totals: "Invocations",
      failures: "Errors",
      dims: { FunctionName: String(t.attributes.functionName ?? t.id) },
    }),
  },
};

/** Judges one revision's window from its totals and failures per minute. */
export function judgeRevision(
  window: { revision: string; from: string; to: string },
  totals: number[],
  failures: number[],
): RevisionHealth {
  const total = totals.reduce((a, b) => a + b, 0);
  const failed = failures.reduce((a, b) => a + b, 0);
  const minutes = totals.filter((t) => t > 0).length;
  if (total <= 0) return { ...window, minutes: 0, verdict: "unknown" };
  const failureShare = failed / total;
  const verdict =
    failureShare >= FAILURE_SHARE ? "failing" : minutes >= MIN_HEALTHY_MINUTES ? "good" : "unknown";
  return { ...window, minutes, failureShare, verdict };
}

/** The windows in which each revision ran, oldest first, from the deployments that touched the target. */
export function revisionWindows(
  deployments: ChangeEvent[],
  current: string,
  since: Date,
  now: Date,
): { revision: string; from: string; to: string }[] {
  const sorted = [...deployments].sort((a, b) => a.time.localeCompare(b.time));
  const out: { revision: string; from: string; to: string }[] = [];
  let start = since.toISOString();
  let running = sorted[0]?.from;
  for (const d of sorted) {
    if (running) out.push({ revision: running, from: start, to: d.time });
    running = d.to;
    start = d.time;
  }
  out.push({ revision: running ?? current, from: start, to: now.toISOString() });
  return out;
}

function pct(share: number | undefined): string {
  return share === undefined ? "no data" : `${(share * 100).toFixed(1)}% failing`;
}

/** Finds the last known good revision of a rollback's target. */
export async function lastKnownGood(
  ports: Ports,
  actionId: string,
  target: ResourceDescription,
): Promise<LastKnownGood> {
  const kind = KINDS[actionId];
  const metric = kind?.metrics(target);
  if (!kind || !metric) return { status: "no-evidence", history: [] };
  const now = ports.clock.now();
  const since = minutesBefore(now, HISTORY_LOOKBACK_MINUTES);
  const deployments = (await ports.changes.list({ service: target.service, since, until: now })).filter(
    (c) => c.resourceId === target.id && c.kind === "deployment" && c.to,
  );
  if (deployments.length === 0) return { status: "no-evidence", history: [] };
  const current = String(target.attributes[kind.current] ?? "");
  const query = { namespace: metric.namespace, dimensions: metric.dims, start: since, end: now, stat: "Sum" };
  const [totals, failures] = await Promise.all([
    ports.metrics.getSeries({ ...query, metric: metric.totals }),
    ports.metrics.getSeries({ ...query, metric: metric.failures }),
  ]);
  const history = revisionWindows(deployments, current, since, now).map((w) => {
    const inside = (t: string) => t >= w.from && t < w.to;
    const tot = totals.points.filter((p) => inside(p.time));
    const fail = failures.points.filter((p) => inside(p.time));
    return judgeRevision(
      w,
      tot.map((p) => p.value),
      fail.map((p) => p.value),
    );
  });
  const known = new Set(
    String(target.attributes[kind.previous] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const failing = new Set(history.filter((h) => h.verdict === "failing").map((h) => h.revision));
  const good = [...history]
    .reverse()
    .find(
      (h) =>
        h.verdict === "good" && h.revision !== current && !failing.has(h.revision) && known.has(h.revision),
    );
  const summary = history.map((h) => `${h.revision} ${pct(h.failureShare)} over ${h.minutes} min`).join("; ");
  if (good) {
    return {
      status: "found",
      revision: good.revision,
      reason: `last known good revision of ${target.id} is ${good.revision} (${summary})`,
      history,
    };
  }
  return {
    status: "none",
    reason: `no earlier revision of ${target.id} is known good (${summary}): rolling back could land on another bad revision`,
    history,
  };
}
