/**
 * Investigation gaps: what the responder asked the account for and could not get — a read that failed
 * (missing permissions, a throttled or broken API), logs that returned nothing, a metric with no data
 * points, a resource or alarm that could not be described. Recorded by the harness around the read ports,
 * so every reasoner (rules or model) is covered without the graph knowing.
 */

export interface InvestigationGap {
  /** `port.method`, e.g. `logs.query`. */
  call: string;
  /** What was asked, shortly (log group, metric, resource id). */
  subject: string;
  /** `error` (the read failed), `empty` (it answered with nothing). */
  kind: "error" | "empty";
  /** Why, in words (the error message, "no log lines", "no metric data", "not found"). */
  detail: string;
  /** Before the first action (the investigation) or after it (verification). */
  phase: "investigation" | "verification";
}

function subjectOf(args: unknown[]): string {
  const first = args[0];
  if (typeof first === "string") return first;
  if (first && typeof first === "object") {
    const q = first as Record<string, unknown>;
    const dims = q["dimensions"] && typeof q["dimensions"] === "object" ? Object.values(q["dimensions"]) : [];
    const parts = [q["logGroup"], q["service"], q["metric"] ?? q["metricName"], ...dims, q["filterPattern"]];
    const text = parts.filter((p) => typeof p === "string" && p.length > 0).join(" ");
    return text || JSON.stringify(first).slice(0, 80);
  }
  return "";
}

/** Classifies one answered read: a gap when it came back empty. */
export function emptyAnswer(call: string, result: unknown): string | undefined {
  if (result === undefined || result === null) return "not found";
  if (call === "logs.query" && Array.isArray(result) && result.length === 0) return "no log lines";
  if (call === "metrics.getSeries" && typeof result === "object") {
    const points = (result as { points?: unknown[] }).points;
    if (Array.isArray(points) && points.length === 0) return "no metric data";
  }
  return undefined;
}

/** Records gaps into `gaps` (deduplicated by call, subject and detail). */
export function gapRecorder(gaps: InvestigationGap[], phase: () => InvestigationGap["phase"]) {
  const add = (gap: Omit<InvestigationGap, "phase">) => {
    const p = phase();
    if (gaps.some((g) => g.call === gap.call && g.subject === gap.subject && g.detail === gap.detail)) return;
    gaps.push({ ...gap, phase: p });
  };
  return {
    answered(call: string, args: unknown[], result: unknown): void {
      const detail = emptyAnswer(call, result);
      if (detail) add({ call, subject: subjectOf(args), kind: "empty", detail });
    },
    failed(call: string, args: unknown[], error: unknown): void {
      const detail = error instanceof Error ? error.message : String(error);
      add({ call, subject: subjectOf(args), kind: "error", detail: detail.slice(0, 200) });
    },
  };
}

/** One line per gap, for reports. */
export function describeGap(gap: InvestigationGap): string {
  return `${gap.call}(${gap.subject}): ${gap.kind === "error" ? "failed: " : ""}${gap.detail}`;
}
