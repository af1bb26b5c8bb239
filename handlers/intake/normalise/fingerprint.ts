/**
 * Fingerprints: a stable identity for "the same alarm" across deliveries and delivery paths. Built from
 * account, region, alarm name and metric identity only; never from state, time or reason, so ALARM, OK
 * and repeated deliveries of one alarm share it.
 */
import { createHash } from "node:crypto";
import type { AlertMetric } from "../../../tools/domain/alert.js";

export interface FingerprintParts {
  accountId: string;
  region: string;
  alarmName: string;
  metric?: Pick<AlertMetric, "namespace" | "name" | "dimensions"> | undefined;
}

/** Hex SHA-256 of the given text. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** `fp_` + 32 hex characters; dimension order does not matter. */
export function fingerprintOf(parts: FingerprintParts): string {
  const metric = parts.metric
    ? [
        parts.metric.namespace,
        parts.metric.name,
        Object.entries(parts.metric.dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ]
    : null;
  const identity = JSON.stringify([parts.accountId, parts.region, parts.alarmName, metric]);
  return `fp_${sha256(identity).slice(0, 32)}`;
}
