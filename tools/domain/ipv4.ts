/**
 * IPv4 addresses and CIDRs: parsing, containment and overlap, and the ranges no edge block may ever cover
 * (this-network, private, carrier-grade NAT, loopback, link-local, multicast, reserved). The WAF block's blast
 * rule, the flood-source measurement and the simulated WAF all use these.
 */

export interface Cidr {
  base: number;
  bits: number;
}

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const ADDRESS = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const CIDR = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

/** True for a plain dotted-quad address (no prefix, no leading zeros, no padding). */
export function isIpv4(value: string): boolean {
  return ADDRESS.test(value);
}

/** `a.b.c.d` or `a.b.c.d/n`; undefined when malformed. The base is masked to the prefix. */
export function parseCidr(value: string): Cidr | undefined {
  const text = value.trim();
  const m = (ADDRESS.test(text) ? `${text}/32` : text).match(CIDR);
  if (!m) return undefined;
  const address = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
  const bits = Number(m[5]);
  return { base: address - (address % 2 ** (32 - bits)), bits };
}

/** Whether `inner` (address or CIDR) lies wholly inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b || b.bits < a.bits) return false;
  return b.base >= a.base && b.base < a.base + 2 ** (32 - a.bits);
}

/** Whether two ranges share any address. */
export function cidrsOverlap(x: string, y: string): boolean {
  return cidrContains(x, y) || cidrContains(y, x);
}

/** Special-purpose ranges (RFC 6890): never a flood source, never blocked at the edge. */
export const NEVER_BLOCK_RANGES: readonly string[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "224.0.0.0/4",
  "240.0.0.0/4",
];

/** The never-block entry (special range or listed) a range touches, if any. */
export function neverBlockHit(range: string, listed: readonly string[]): string | undefined {
  return [...NEVER_BLOCK_RANGES, ...listed].find((n) => cidrsOverlap(n, range));
}
