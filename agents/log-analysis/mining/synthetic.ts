/** Seeded synthetic log generator, for tests and throughput measurements (no real data needed). */
import { mulberry32 } from "../../../tools/random.js";

/** Seeded PRNG (mulberry32). */
export const rng = mulberry32;

type Filler = (r: () => number) => string;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: () => number, max: number) => String(Math.floor(r() * max));
const hex = (r: () => number, n: number) =>
  Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");

/** Placeholder fillers: `{int}`, `{ip}`, `{hex}`, `{uuid}`, `{path}`, `{user}`, `{ms}`, `{host}`. */
export const FILLERS: Record<string, Filler> = {
  int: (r) => int(r, 100000),
  ip: (r) => `10.${int(r, 256)}.${int(r, 256)}.${int(r, 256)}`,
  hex: (r) => `0x${hex(r, 8)}`,
  uuid: (r) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
  path: (r) => `/var/${pick(r, ["lib", "log", "run"])}/${pick(r, ["app", "db", "cache"])}/${hex(r, 6)}.dat`,
  user: (r) => pick(r, ["alice", "bob", "carol", "dave", "erin", "root"]),
  ms: (r) => `${int(r, 5000)}ms`,
  host: (r) => `ip-${int(r, 256)}-${int(r, 256)}.ec2.internal`,
};

/** Service-log templates with placeholders. */
export const SYNTHETIC_TEMPLATES: readonly string[] = [
  "Accepted connection from {ip} port {int}",
  "Connection closed by {ip} after {ms}",
  "User {user} logged in from {ip}",
  "Failed password for {user} from {ip} port {int} ssh2",
  "GET /api/orders/{int} returned 200 in {ms}",
  "POST /api/payments failed with status 503 after {ms}",
  "Request {uuid} timed out after {ms}",
  "Wrote block {hex} of size {int} to {path}",
  "Deleted file {path}",
  "Cache miss for key order:{int}",
  "Worker {int} started processing job {uuid}",
  "Worker {int} finished job {uuid} in {ms}",
  "Health check to {host} succeeded",
  "Health check to {host} failed: connection refused",
  "Disk usage on {path} at {int} percent",
  "Retrying request {uuid} attempt {int} of 5",
  "Database connection pool exhausted active {int} idle {int}",
  "Session {hex} expired for user {user}",
  "Scheduled task cleanup completed removed {int} rows",
  "OutOfMemoryError in thread worker-{int}",
];

/** Fills one template's placeholders. */
export function fill(template: string, r: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => FILLERS[name]?.(r) ?? name);
}

/** Generates `count` lines with template indices (uniform choice, seeded). */
export function generateLog(
  count: number,
  seed = 42,
  templates: readonly string[] = SYNTHETIC_TEMPLATES,
): { lines: string[]; labels: number[] } {
  const r = rng(seed);
  const lines: string[] = new Array(count);
  const labels: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const k = Math.floor(r() * templates.length);
    labels[i] = k;
    lines[i] = fill(templates[k] as string, r);
  }
  return { lines, labels };
}
