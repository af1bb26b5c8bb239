/**
 * Renaming of the security resources' names and ids for the variant generator: security group ids, IAM role
 * and policy names not already named after a service, WAF IP set names and ids, and public client addresses
 * (bare or /32). Wider CIDRs and special ranges (private, our VPC's) keep their value: their meaning is the
 * range itself.
 */
import { neverBlockHit } from "../../tools/domain/index.js";
import type { Scenario } from "../scenario/index.js";
import { pickOne } from "./rng.js";

function hexOf(rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

/** Every string value of a JSON tree. */
function strings(node: unknown, each: (value: string) => void): void {
  if (typeof node === "string") each(node);
  else if (Array.isArray(node)) for (const item of node) strings(item, each);
  else if (node && typeof node === "object") for (const v of Object.values(node)) strings(v, each);
}

const FIRST_OCTETS = [23, 45, 62, 81, 91, 104, 151, 176, 185, 203];

/**
 * Adds the security renames to `tokens`. `fresh` gives an unused service-like name; `named` tells whether a
 * name already changes through another token (e.g. a role named after its service).
 */
export function addSecurityRenames(
  scenario: Scenario,
  rand: () => number,
  tokens: Map<string, string>,
  fresh: () => string,
  named: (value: string) => boolean,
): void {
  for (const r of scenario.environment.resources) {
    if (r.type === "iam-role" && !named(r.name)) tokens.set(r.name.toLowerCase(), `${fresh()}-role`);
    if (r.type === "waf-ip-set" && !named(r.name)) tokens.set(r.name.toLowerCase(), `${fresh()}-blocklist`);
  }
  const used = new Set(tokens.values());
  strings(scenario, (value) => {
    for (const m of value.matchAll(/\bsg-[0-9a-f]{8,17}\b/g)) {
      if (!tokens.has(m[0])) tokens.set(m[0], `sg-${hexOf(rand, m[0].length - 3)}`);
    }
    for (const m of value.matchAll(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g)) {
      if (!tokens.has(m[0]))
        tokens.set(
          m[0],
          `${hexOf(rand, 8)}-${hexOf(rand, 4)}-4${hexOf(rand, 3)}-a${hexOf(rand, 3)}-${hexOf(rand, 12)}`,
        );
    }
    // Public addresses only (a /32 keeps its suffix: the token is the address).
    for (const m of value.matchAll(/(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?!\.\d|\/(?!32\b)\d)/g)) {
      const ip = m[1] as string;
      if (tokens.has(ip) || neverBlockHit(ip, [])) continue;
      let next = "";
      do {
        next = `${pickOne(rand, FIRST_OCTETS)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
      } while (used.has(next));
      used.add(next);
      tokens.set(ip, next);
    }
  });
}
