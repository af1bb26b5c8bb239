/**
 * Variants of the security scenarios rename security group ids, IP set names and ids, role names and public
 * addresses consistently across the environment, the faults and the ground truth, and leave special ranges
 * (our VPC's CIDRs) alone.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIOS_DIR } from "../runner.js";
import type { Scenario } from "../scenario/index.js";
import { loadScenarioDir } from "../scenario/index.js";
import { deriveVariant } from "./generate.js";

const bundled = loadScenarioDir(DEFAULT_SCENARIOS_DIR);
const byId = (id: string) => bundled.find((s) => s.metadata.id === id) as Scenario;

describe("security renames", () => {
  it("bot-flood: the flooding addresses, the set's name and id change alike in the fault and the truth", () => {
    const v = deriveVariant(byId("bot-flood"), 1, 1);
    const text = JSON.stringify(v.scenario);
    for (const old of [
      "198.51.100.23",
      "203.0.113.77",
      "3b9c1e7a-52d4-4f0e-9a61-8d2c4b7e1f05",
      "52.20.14.7",
    ]) {
      expect(text).not.toContain(old);
      expect(v.info.renamed[old]).toBeDefined();
    }
    const clients = (v.scenario.faults[0]!.params as { clients: string[] }).clients;
    const accepted = v.scenario.groundTruth.acceptableActions[0]?.params as {
      AddAddresses: { oneOf: string[] };
    };
    expect(accepted.AddAddresses.oneOf).toContain(clients.map((c) => `${c}/32`).join(","));
    // A /28 range keeps its meaning (it is a range, not an address).
    expect(text).toContain("34.200.11.0/28");
  });

  it("security-group-rule-removed: the groups' ids change everywhere; the VPC CIDR stays", () => {
    const v = deriveVariant(byId("security-group-rule-removed"), 2, 1);
    const text = JSON.stringify(v.scenario);
    expect(text).not.toMatch(/sg-0db5e1c7a9f204b31|sg-0a77c3e1d2b9f6e08/);
    expect(text).toContain("10.20.0.0/16");
    const renamedDb = v.info.renamed["sg-0db5e1c7a9f204b31"];
    expect((v.scenario.faults[0]!.params as { databaseGroup: string }).databaseGroup).toBe(renamedDb);
  });

  it("iam-policy-detached: the role is renamed in the environment, the fault and the truth", () => {
    const v = deriveVariant(byId("iam-policy-detached"), 3, 1);
    const text = JSON.stringify(v.scenario);
    expect(text).not.toContain("orders-writer-role");
    const role = (v.scenario.faults[0]!.params as { role: string }).role;
    expect(v.scenario.groundTruth.acceptableActions[0]?.params).toMatchObject({ RoleName: role });
  });
});
