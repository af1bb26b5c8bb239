/**
 * What the console shows about an incident, derived from the graph's checkpointed state: the one source the
 * responder writes. The status is read from the state's structure (which fields are set, what waits), never
 * from timeline wording.
 */
import { z } from "zod";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import type { IncidentStateValue } from "../../graph/state.js";

export const ConsoleStatusSchema = z.enum([
  "investigating",
  "awaiting-approval",
  "executing",
  "verifying",
  "resolved",
  "escalated",
  "not-an-incident",
]);
export type ConsoleStatus = z.infer<typeof ConsoleStatusSchema>;

/** One row of the incidents page (and of the `/api/incidents` answer). */
export const IncidentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  service: z.string().optional(),
  severity: z.string().optional(),
  status: ConsoleStatusSchema,
  outcome: z.string().optional(),
  openedAt: z.string(),
  /** Time of the last timeline entry (the incident's own clock: simulated time locally). */
  updatedAt: z.string(),
  /** Minutes from the first alarm to verified recovery, when it recovered. */
  minutesToMitigate: z.number().optional(),
  actionId: z.string().optional(),
  /** Whether the action, when one ran, was verified as a success. */
  actionSucceeded: z.boolean().optional(),
  usd: z.number(),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

/** Status from which parts of the state exist; the pending approval request, if any, wins. */
export function consoleStatus(state: IncidentStateValue, pending?: HumanInterrupt): ConsoleStatus {
  if (pending) return "awaiting-approval";
  const outcome = state.outcome;
  if (outcome === "not-an-incident" || outcome === "no-action-needed") return "not-an-incident";
  if (outcome === "escalated" || outcome === "rolled-back-and-escalated" || state.escalation)
    return "escalated";
  if (outcome) return "resolved";
  if (state.execution && (state.watch || state.execution.endedAt)) return "verifying";
  if (state.claim || state.execution) return "executing";
  return "investigating";
}

function minutesToMitigate(state: IncidentStateValue): number | undefined {
  if (!state.verification?.recovered) return undefined;
  const recovered = state.timeline.find((t) => t.node === "verify")?.time;
  const alarm = state.incident.alerts[0]?.time;
  if (!recovered || !alarm) return undefined;
  return Math.round((Date.parse(recovered) - Date.parse(alarm)) / 60_000);
}

export function summarise(state: IncidentStateValue, pending?: HumanInterrupt): IncidentSummary {
  const actionId = state.execution?.actionId ?? state.gate?.actionId;
  const ttm = minutesToMitigate(state);
  return {
    id: state.incident.id,
    title: state.incident.title,
    ...(state.assessment?.service || state.incident.service
      ? { service: state.assessment?.service ?? state.incident.service }
      : {}),
    ...(state.assessment ? { severity: state.assessment.severity } : {}),
    status: consoleStatus(state, pending),
    ...(state.outcome ? { outcome: state.outcome } : {}),
    openedAt: state.incident.openedAt,
    updatedAt: state.timeline.at(-1)?.time ?? state.incident.openedAt,
    ...(ttm !== undefined ? { minutesToMitigate: ttm } : {}),
    ...(actionId ? { actionId } : {}),
    ...(state.execution && state.verification ? { actionSucceeded: state.verification.recovered } : {}),
    usd: state.cost?.usd ?? 0,
  };
}

/** The overview page's numbers, over every incident in the store. */
export interface Overview {
  total: number;
  perDay: { day: string; count: number }[];
  autoResolvedRate: number;
  escalationRate: number;
  medianMinutesToMitigate?: number;
  perAction: { actionId: string; runs: number; successes: number }[];
  usd: number;
}

export function overview(rows: readonly IncidentSummary[]): Overview {
  const days = new Map<string, number>();
  const actions = new Map<string, { runs: number; successes: number }>();
  for (const row of rows) {
    const day = row.openedAt.slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + 1);
    if (row.actionId && row.actionSucceeded !== undefined) {
      const a = actions.get(row.actionId) ?? { runs: 0, successes: 0 };
      a.runs += 1;
      if (row.actionSucceeded) a.successes += 1;
      actions.set(row.actionId, a);
    }
  }
  const ttm = rows
    .map((r) => r.minutesToMitigate)
    .filter((m): m is number => m !== undefined)
    .sort((a, b) => a - b);
  const rate = (n: number) => (rows.length ? n / rows.length : 0);
  return {
    total: rows.length,
    perDay: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count })),
    autoResolvedRate: rate(rows.filter((r) => r.outcome === "resolved-automatically").length),
    escalationRate: rate(rows.filter((r) => r.status === "escalated").length),
    ...(ttm.length
      ? {
          medianMinutesToMitigate:
            ttm.length % 2
              ? ttm[(ttm.length - 1) / 2]!
              : (ttm[ttm.length / 2 - 1]! + ttm[ttm.length / 2]!) / 2,
        }
      : {}),
    perAction: [...actions].map(([actionId, a]) => ({ actionId, ...a })),
    usd: rows.reduce((sum, r) => sum + r.usd, 0),
  };
}
