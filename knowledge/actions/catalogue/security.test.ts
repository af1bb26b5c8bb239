/** The WAF block's blast rule against hostile parameters: it never blocks the world, our own or special ranges. */
import type { ResourceDescription } from "../../../tools/domain/index.js";
import { findAction } from "../catalogue.js";

const set: ResourceDescription = {
  id: "web-blocklist",
  type: "waf-ip-set",
  service: "web",
  state: "available",
  tags: {},
  attributes: {
    ipSetId: "3b9c1e7a-52d4-4f0e-9a61-8d2c4b7e1f05",
    addresses: "192.0.2.44/32",
    neverBlock: "52.20.14.7/32,34.200.11.0/28",
  },
};
const block = findAction("waf-block-ip-set");
const base = { Name: "web-blocklist", Id: "3b9c1e7a-52d4-4f0e-9a61-8d2c4b7e1f05", Scope: "REGIONAL" };
const verdict = (AddAddresses: string) => {
  const parsed = block?.params.safeParse({ ...base, AddAddresses });
  if (!parsed?.success) return "invalid";
  return block?.blastRadius(parsed.data, { target: set, siblings: [], recentActionsOnGroup: 0 }).allowed
    ? "allowed"
    : "refused";
};

describe("waf-block-ip-set blast rule", () => {
  it.each([
    ["0.0.0.0/0", "invalid"],
    ["198.51.0.0/16", "invalid"],
    ["198.51.100.23", "invalid"],
    ["52.20.14.7/32", "refused"],
    ["52.20.14.0/24", "refused"],
    ["34.200.11.5/32", "refused"],
    ["10.1.2.3/32", "refused"],
    ["192.168.0.0/24", "refused"],
    ["127.0.0.1/32", "refused"],
    ["100.64.1.1/32", "refused"],
    ["192.0.2.44/32", "refused"],
    ["198.51.100.23/32,10.0.0.1/32", "refused"],
    ["198.51.100.23/32,203.0.113.77/32", "allowed"],
  ])("%s → %s", (addresses, expected) => {
    expect(verdict(addresses)).toBe(expected);
  });
});
