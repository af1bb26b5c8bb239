/** The chaos report as a readable table: one row per fault class, then the summary against the bar. */
import type { ChaosReport } from "./run.js";

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const padL = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

export function renderChaosTable(report: ChaosReport): string {
  const head = ["fault class", "injected", "survived", "duplicated", "lost", "wall s"];
  const rows = report.rows.map((r) => [
    r.fault,
    String(r.injected),
    String(r.survived),
    String(r.duplicatedSideEffects),
    String(r.lostIncidents),
    r.wallSeconds.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : padL(c, widths[i]!))).join("  ");
  const s = report.summary;
  const check = (ok: boolean) => (ok ? "ok" : "FAIL");
  const out = [
    `eval:chaos — seed ${report.seed}${report.quick ? " (quick)" : ""}`,
    "",
    line(head),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
    "",
    `crash points          ${s.crashPoints}${report.quick ? "" : `  (≥ 300: ${check(s.crashPoints >= 300)})`}`,
    `AWS faults injected   ${s.awsFaultsInjected}${report.quick ? "" : `  (≥ 2000: ${check(s.awsFaultsInjected >= 2000)})`}`,
    `duplicated effects    ${s.duplicateSideEffects}  (= 0: ${check(s.duplicateSideEffects === 0)})`,
    `missing effects       ${s.missingSideEffects}`,
    `lost incidents        ${s.lostIncidents}  (= 0: ${check(s.lostIncidents === 0)})`,
    `outcome mismatches    ${s.outcomeMismatches}  (= 0: ${check(s.outcomeMismatches === 0)})`,
    `concurrent incidents  ${s.concurrentIncidents}${report.quick ? "" : `  (≥ 200: ${check(s.concurrentIncidents >= 200)})`}; p50 ${s.loadP50Seconds.toFixed(1)} s, p95 ${s.loadP95Seconds.toFixed(1)} s per incident`,
    `wall time             ${s.wallSeconds.toFixed(0)} s`,
  ];
  for (const f of report.failures.slice(0, 20))
    out.push(
      `  ✗ ${f.scenario} ${f.crash ? `${f.crash.phase} ${f.crash.at} (#${f.crash.index})` : "(no crash)"}: ${f.problems.join("; ")}`,
    );
  for (const q of (report.queue ?? []).filter((x) => !x.ok))
    out.push(`  ✗ queue: ${q.case} (${q.scenario}): ${q.problems.join("; ")}`);
  for (const c of (report.bundle?.cases ?? []).filter((x) => !x.ok))
    out.push(`  ✗ ${c.case}: ${c.problems.join("; ")}`);
  return out.join("\n");
}
