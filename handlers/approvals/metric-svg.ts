/**
 * A small server-rendered chart of the alarm metric (inline SVG, no script): the approval page is opened
 * from mail and chat, so it must show the metric without loading anything. The console draws the same
 * data with its chart library.
 */
import type { MetricSeries } from "../../tools/domain/index.js";

export interface ChartMarks {
  threshold?: number;
  /** ISO times drawn as labelled vertical lines (alarm, action start/end, verification window). */
  events?: { at: string; label: string }[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function metricSvg(series: MetricSeries, marks: ChartMarks = {}, width = 640, height = 200): string {
  const points = series.points.map((p) => ({ t: Date.parse(p.time), v: p.value }));
  if (points.length < 2) return "";
  const pad = { left: 44, right: 8, top: 10, bottom: 22 };
  const t0 = points[0]!.t;
  const t1 = points.at(-1)!.t;
  const values = [...points.map((p) => p.v), ...(marks.threshold !== undefined ? [marks.threshold] : [])];
  const lo = Math.min(0, ...values);
  const hi = Math.max(...values) * 1.1 || 1;
  const x = (t: number) => pad.left + ((t - t0) / (t1 - t0 || 1)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - (v - lo) / (hi - lo)) * (height - pad.top - pad.bottom);
  const line = points.map((p, i) => `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join("");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`${series.metric} (${series.stat}) around the incident`)}" style="max-width:100%;height:auto;font:11px sans-serif">`,
    `<text x="4" y="${pad.top + 8}">${esc(hi.toFixed(0))}</text><text x="4" y="${height - pad.bottom}">${esc(lo.toFixed(0))}</text>`,
    `<path d="${line}" fill="none" stroke="#1f6feb" stroke-width="2"/>`,
  ];
  if (marks.threshold !== undefined) {
    const ty = y(marks.threshold).toFixed(1);
    parts.push(
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${ty}" y2="${ty}" stroke="#d1242f" stroke-dasharray="4 3"/>`,
      `<text x="${width - pad.right - 4}" y="${Number(ty) - 3}" text-anchor="end" fill="#d1242f">threshold ${esc(String(marks.threshold))}</text>`,
    );
  }
  for (const [i, event] of (marks.events ?? []).entries()) {
    const t = Date.parse(event.at);
    if (!(t >= t0 && t <= t1)) continue;
    const ex = x(t).toFixed(1);
    parts.push(
      `<line x1="${ex}" x2="${ex}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#6e7781"/>`,
      `<text x="${ex}" y="${height - 6 - (i % 2) * 0}" text-anchor="middle">${esc(event.label)}</text>`,
    );
  }
  parts.push("</svg>");
  return parts.join("");
}
