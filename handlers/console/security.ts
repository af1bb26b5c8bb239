/**
 * The console listens on loopback only, but a browser will send requests there from any page it shows. Two
 * guards: the Host header must name a loopback host (a DNS-rebinding page gets its own name there), and a
 * decision must carry this server's CSRF token and, when the browser sends one, a same-origin Origin.
 */
import { timingSafeEqual } from "node:crypto";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whether a Host header names this machine's loopback (any port). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  return LOOPBACK.has((name ?? "").toLowerCase());
}

/** Whether a state-changing request comes from the console's own page. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser cross-site request (browsers send Origin on POST)
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
