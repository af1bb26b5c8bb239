/**
 * The alarm's metric around an incident, saved beside a local run (`.air/metrics/<incident>.json`) when the
 * run pauses or ends, so the console can chart it later without replaying the simulated world.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Incident } from "../../tools/domain/index.js";
import { type MetricSeries, MetricSeriesSchema } from "../../tools/domain/index.js";
import type { MetricsPort } from "../../tools/ports.js";

/** How much of the metric before the alarm is worth showing. */
const BEFORE_MINUTES = 30;

const fileOf = (dir: string, incidentId: string) =>
  join(dir, "metrics", `${incidentId.replace(/[^\w.-]/g, "_")}.json`);

/** The alarm metric from half an hour before the alarm until `now`; undefined for alarms on no one metric. */
export async function alarmMetric(
  metrics: MetricsPort,
  incident: Incident,
  now: Date,
): Promise<MetricSeries | undefined> {
  const alert = incident.alerts[0];
  if (!alert?.metric) return undefined;
  const alarmAt = Date.parse(alert.time);
  return metrics.getSeries({
    namespace: alert.metric.namespace,
    metric: alert.metric.name,
    dimensions: alert.metric.dimensions,
    start: new Date(alarmAt - BEFORE_MINUTES * 60_000),
    end: now,
    ...(alert.metric.periodSeconds ? { periodSeconds: alert.metric.periodSeconds } : {}),
    ...(alert.metric.statistic ? { stat: alert.metric.statistic } : {}),
  });
}

export async function saveMetricSnapshot(
  dir: string,
  metrics: MetricsPort,
  incident: Incident,
  now: Date,
): Promise<void> {
  const series = await alarmMetric(metrics, incident, now);
  if (!series) return;
  const file = fileOf(dir, incident.id);
  await mkdir(join(dir, "metrics"), { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(series));
  await rename(`${file}.tmp`, file);
}

export async function readMetricSnapshot(dir: string, incidentId: string): Promise<MetricSeries | undefined> {
  try {
    return MetricSeriesSchema.parse(JSON.parse(await readFile(fileOf(dir, incidentId), "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${fileOf(dir, incidentId)} is not a metric series (${(error as Error).message})`);
  }
}
