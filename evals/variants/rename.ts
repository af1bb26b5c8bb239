/**
 * Consistent renaming of a scenario's surface: internal service names, resource names, instance ids, the
 * hex parts of target group and load balancer ids, the account and the region. One map, applied to every
 * string value of the scenario (environment, faults, noise, triggers and ground truth alike), so the truth
 * is remapped exactly as the world is. Keys are never renamed (dimension names, runbook ids), nor fields
 * whose values are vocabulary rather than names (fault kinds, action ids, categories, metric names...).
 */

import { actionIds } from "../../knowledge/actions/index.js";
import { rootVolumeId } from "../../tools/sandbox/actions/compute.js";
import type { Scenario } from "../scenario/index.js";
import { addSecurityRenames } from "./rename-security.js";
import { pickOne, shuffled } from "./rng.js";

/** Fields whose string values are vocabulary, never names of things in the account. */
const VOCABULARY_KEYS = new Set([
  "apiVersion",
  "kind",
  "type",
  "actionId",
  "namespace",
  "category",
  "severity",
  "resolution",
  "difficulty",
  "comparison",
  "stat",
  "level",
  "decision",
  "billingMode",
  "tags",
  "forbiddenActions",
  "eventTypeCode",
  "findingType",
]);

/** Service names for renamed internal services: ordinary names a new user might pick. */
const SERVICE_POOL = [
  "storefront",
  "basket",
  "billing",
  "fulfilment",
  "pricing-engine",
  "catalogue",
  "accounts",
  "shipping",
  "loyalty",
  "quotes",
  "bookings",
  "identity",
  "recommender",
  "media-api",
  "tickets",
  "wallet",
  "profile-svc",
  "messaging",
  "ingest",
  "reporting-api",
  "ratings",
  "returns",
  "claims",
  "partner-hub",
];
const CLUSTER_POOL = ["main", "live", "core-prod", "apps-eu", "prd-blue", "platform", "svc-cluster"];
const ENVIRONMENT_WORDS = new Set(["prod", "production", "prd", "staging", "stage", "dev", "test", "qa"]);
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1"];
const ALARM_STYLES: ((service: string, metric: string) => string)[] = [
  (s, m) => `${s}-${m}-alarm`,
  (s, m) => `p2-${s}-${m}`,
  (s, m) => `${s}.${m}.breach`,
  (s, m) => `${s}_${m.replace(/-/g, "_")}_watch`,
];
const SUFFIX_POOL = ["db", "store", "data", "main", "primary", "v2"];

function hexOf(rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Every string value of a JSON tree, with its key. */
function visitStrings(node: unknown, key: string, each: (value: string, key: string) => void): void {
  if (typeof node === "string") each(node, key);
  else if (Array.isArray(node)) for (const item of node) visitStrings(item, key, each);
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) visitStrings(v, k, each);
}

/** Action ids are vocabulary wherever they appear (e.g. a policy's list of enabled actions). */
const ACTION_IDS = new Set(actionIds());

/** A copy of the tree with `fn` applied to every string value outside the vocabulary fields. */
export function mapStrings(node: unknown, fn: (value: string) => string, key = ""): unknown {
  if (VOCABULARY_KEYS.has(key)) return node;
  if (typeof node === "string") return ACTION_IDS.has(node) ? node : fn(node);
  if (Array.isArray(node)) return node.map((item) => mapStrings(item, fn, key));
  if (node && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      // A metric's own name is vocabulary; a resource's `name` is not.
      out[k] = key === "metric" && k === "name" ? v : mapStrings(v, fn, k);
    }
    return out;
  }
  return node;
}

export interface RenameMap {
  /** Lower-case token → replacement. */
  tokens: Map<string, string>;
  /** Original region → new region (also in `tokens`). */
  region: string;
  account: string;
}

/** Builds the map for one variant: which names, ids, account and region become what. */
export function buildRenameMap(scenario: Scenario, rand: () => number): RenameMap {
  const tokens = new Map<string, string>();
  const taken = new Set<string>();
  visitStrings(scenario, "", (value) => {
    for (const t of value.toLowerCase().split(/[^a-z0-9-]+/)) if (t) taken.add(t);
  });
  const fresh = (pool: string[]) => {
    const choice = shuffled(rand, pool).find((n) => !taken.has(n) && ![...tokens.values()].includes(n));
    const name = choice ?? `svc-${hexOf(rand, 4)}`;
    taken.add(name);
    return name;
  };
  for (const service of scenario.environment.services) {
    if (!service.external) tokens.set(service.name, fresh(SERVICE_POOL));
  }
  for (const r of scenario.environment.resources) {
    // A cluster named after an environment ("prod") keeps its name: it may also be what an environment tag says.
    if (r.type === "ecs-service" && !tokens.has(r.cluster) && !ENVIRONMENT_WORDS.has(r.cluster))
      tokens.set(r.cluster, fresh(CLUSTER_POOL));
    if ((r.type === "rds-instance" || r.type === "elasticache-cluster") && !renamedByService(r.id, tokens))
      tokens.set(r.id, `${fresh(SERVICE_POOL)}-${pickOne(rand, SUFFIX_POOL)}`);
    if (r.type === "dynamodb-table" && !renamedByService(r.name, tokens))
      tokens.set(r.name, `${fresh(SERVICE_POOL)}-${pickOne(rand, SUFFIX_POOL)}`);
  }
  addSecurityRenames(
    scenario,
    rand,
    tokens,
    () => fresh(SERVICE_POOL),
    (v) => renamedByService(v, tokens),
  );
  // Ids: instance ids and the hex parts of ALB / target group ids, wherever they appear.
  visitStrings(scenario, "", (value) => {
    for (const m of value.matchAll(/\bi-[0-9a-f]{8,17}\b/g)) {
      if (tokens.has(m[0])) continue;
      const renamed = `i-${hexOf(rand, m[0].length - 2)}`;
      tokens.set(m[0], renamed);
      // The simulated account derives an instance's root volume id from its instance id: rename both alike.
      tokens.set(rootVolumeId(m[0]), rootVolumeId(renamed));
    }
    for (const m of value.matchAll(/\/([0-9a-f]{16})\b/g)) {
      const hex = m[1] as string;
      if (!tokens.has(hex)) tokens.set(hex, hexOf(rand, 16));
    }
  });
  // Alarm names in another team's style, built from the metric, not the hand-written hint words.
  const style = pickOne(rand, ALARM_STYLES);
  for (const t of scenario.triggers) {
    const service = t.service ? (tokens.get(t.service) ?? t.service) : "app";
    const metric = t.metric.name
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .toLowerCase();
    let name = style(service, metric);
    while ([...tokens.values()].includes(name)) name = `${name}-${hexOf(rand, 2)}`;
    tokens.set(t.name.toLowerCase(), name);
  }
  const account = scenario.environment.account;
  const newAccount = String(100000000000 + Math.floor(rand() * 899999999999));
  tokens.set(account, newAccount);
  const region = scenario.environment.region;
  const newRegion = pickOne(
    rand,
    REGIONS.filter((r) => r !== region),
  );
  tokens.set(region, newRegion);
  return { tokens, region: newRegion, account: newAccount };
}

function renamedByService(id: string, tokens: Map<string, string>): boolean {
  return [...tokens.keys()].some((k) => new RegExp(`(^|[^a-z0-9])${escapeRegExp(k)}($|[^a-z0-9])`).test(id));
}

/** Replaces every whole-token occurrence (case kept for a leading capital), longest names first. */
export function renamer(map: RenameMap): (value: string) => string {
  const keys = [...map.tokens.keys()].sort((a, b) => b.length - a.length);
  if (keys.length === 0) return (v) => v;
  const pattern = new RegExp(`(?<![A-Za-z0-9])(${keys.map(escapeRegExp).join("|")})(?![A-Za-z0-9])`, "gi");
  return (value) =>
    value.replace(pattern, (found: string) => {
      const to = map.tokens.get(found.toLowerCase()) ?? found;
      const first = found.charAt(0);
      return first !== first.toLowerCase() ? to.charAt(0).toUpperCase() + to.slice(1) : to;
    });
}
