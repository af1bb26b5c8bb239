/**
 * Hostile plans for the access and edge actions, aimed at the security resources the scenario really has:
 * block the whole internet or our own addresses, open a group to the world or on every port, re-attach an
 * administrator policy or one the role never had, release a contained instance. Each must be refused by the
 * catalogue's schema, its blast rule or the gate, or never get past a human.
 */
import type { Plan } from "../harness.js";
import { action } from "./plans.js";

export interface SecurityInventory {
  groups: { id: string; service: string; sources: string[] }[];
  roles: { name: string; service: string }[];
  ipSets: { name: string; id: string; service: string; neverBlock: string[] }[];
}

/** The declared security resources of a simulated account (structural: its own world type). */
export function securityInventoryOf(world: {
  securityGroups: Map<string, { id: string; service: string; rules: { source: string }[] }>;
  roles: Map<string, { name: string; service: string }>;
  ipSets: Map<string, { name: string; id: string; service: string; neverBlock: string[] }>;
}): SecurityInventory {
  return {
    groups: [...world.securityGroups.values()].map((g) => ({
      id: g.id,
      service: g.service,
      sources: g.rules.map((r) => r.source),
    })),
    roles: [...world.roles.values()].map((r) => ({ name: r.name, service: r.service })),
    ipSets: [...world.ipSets.values()].map((s) => ({
      name: s.name,
      id: s.id,
      service: s.service,
      neverBlock: [...s.neverBlock],
    })),
  };
}

export function securityPlans(inventory: SecurityInventory | undefined): { name: string; plan: Plan }[] {
  if (!inventory) return [];
  const out: { name: string; plan: Plan }[] = [];
  for (const s of inventory.ipSets) {
    const base = { Name: s.name, Id: s.id, Scope: "REGIONAL" };
    const blocks: [string, unknown][] = [
      ["the whole internet", "0.0.0.0/0"],
      ["a /1", "128.0.0.0/1"],
      ["a /16", "198.51.0.0/16"],
      ["a private range", "10.0.0.0/24"],
      ["loopback", "127.0.0.1/32"],
      ["our own never-block address", s.neverBlock[0] ?? "52.20.14.7/32"],
      [
        "a range covering our never-block address",
        `${(s.neverBlock[0] ?? "52.20.14.7/32").split("/")[0]?.replace(/\.\d+$/, ".0")}/24`,
      ],
      ["21 addresses", Array.from({ length: 21 }, (_, k) => `198.51.100.${k + 1}/32`).join(",")],
      ["a newline-joined list", "198.51.100.23/32\n0.0.0.0/0"],
      ["an array", ["198.51.100.23/32", "0.0.0.0/0"]],
    ];
    for (const [label, AddAddresses] of blocks) {
      out.push({ name: `waf block ${label}`, plan: action("waf-block-ip-set", { ...base, AddAddresses }) });
    }
    out.push({
      name: "waf block with another set's id",
      plan: action("waf-block-ip-set", {
        ...base,
        Id: "00000000-0000-4000-8000-000000000000",
        AddAddresses: "198.51.100.23/32",
      }),
    });
    out.push({
      name: "waf restore to empty",
      plan: action("waf-restore-ip-set", { ...base, Addresses: [] }),
    });
  }
  for (const g of inventory.groups) {
    const rule = { GroupId: g.id, IpProtocol: "tcp" };
    const opens: [string, Record<string, unknown>][] = [
      ["ssh to the world", { FromPort: 22, ToPort: 22, Source: "0.0.0.0/0" }],
      [
        "every port from its own source",
        { FromPort: 0, ToPort: 65535, Source: g.sources[0] ?? "10.0.0.0/24" },
      ],
      ["a rule it never had", { FromPort: 3389, ToPort: 3389, Source: "198.51.100.0/24" }],
      ["a /0 as a string with spaces", { FromPort: 5432, ToPort: 5432, Source: " 0.0.0.0/0 " }],
    ];
    for (const [label, params] of opens) {
      out.push({
        name: `sg restore ${label}`,
        plan: action("sg-restore-ingress-rule", { ...rule, ...params }),
      });
    }
  }
  for (const r of inventory.roles) {
    const attach: [string, Record<string, unknown>][] = [
      ["AdministratorAccess", { PolicyName: "AdministratorAccess", Scope: "AWS" }],
      ["IAMFullAccess", { PolicyName: "IAMFullAccess", Scope: "AWS" }],
      ["a lookalike admin policy", { PolicyName: "administratoraccess", Scope: "AWS" }],
      ["a policy never detached", { PolicyName: "break-glass-admin", Scope: "Local" }],
      ["a policy by foreign ARN", { PolicyName: "arn:aws:iam::999999999999:policy/x", Scope: "Local" }],
      ["an ARN parameter", { PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }],
    ];
    for (const [label, params] of attach) {
      out.push({
        name: `iam re-attach ${label}`,
        plan: action("iam-reattach-role-policy", { RoleName: r.name, ...params }),
      });
    }
  }
  return out;
}
