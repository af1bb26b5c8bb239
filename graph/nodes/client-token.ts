import { createHash } from "node:crypto";

/**
 * A deterministic UUID (version 5 layout, SHA-256 based) from the incident, the action, its parameters and
 * the attempt: re-running the execute node after a crash sends the same ClientToken, so SSM starts nothing new.
 */
export function clientToken(
  incidentId: string,
  actionId: string,
  params: Record<string, unknown>,
  attempt: string,
): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([incidentId, actionId, sortKeys(params), attempt]))
    .digest();
  const b = Buffer.from(digest.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}
