/**
 * The access and edge remedies on the simulated account: the planner reaches the related resource (the
 * database's group, the function's role, the IP set in front of the balancer, the compromised instance)
 * through recorded changes and declared relations, with parameters from evidence; and it refuses the
 * look-alikes (a broad surge, an unrelated revocation, an unrelated detach, a busy instance).
 */
import { describe, expect, it } from "vitest";
import { planByRules } from "./rules.js";
import { relatedTarget, securityParams } from "./security-targets.js";
import { evidenceAtAlarm } from "./test-support.js";

const evidenceFor = evidenceAtAlarm;

describe("security remedies the planner proposes", () => {
  it.each([
    [
      "bot-flood",
      "waf-block-ip-set",
      {
        Name: "web-blocklist",
        Id: "3b9c1e7a-52d4-4f0e-9a61-8d2c4b7e1f05",
        Scope: "REGIONAL",
        AddAddresses: "198.51.100.23/32,198.51.100.24/32,203.0.113.77/32",
      },
    ],
    [
      "security-group-rule-removed",
      "sg-restore-ingress-rule",
      {
        GroupId: "sg-0db5e1c7a9f204b31",
        IpProtocol: "tcp",
        FromPort: 5432,
        ToPort: 5432,
        Source: "sg-0a77c3e1d2b9f6e08",
      },
    ],
    [
      "iam-policy-detached",
      "iam-reattach-role-policy",
      { RoleName: "orders-writer-role", PolicyName: "orders-table-write", Scope: "Local", PolicyPath: "/" },
    ],
    [
      "guardduty-crypto-mining",
      "ec2-isolate-instance",
      { InstanceId: "i-0d1e2f3a4b5c60702", Action: "Contain" },
    ],
  ])("%s: %s on the related resource", async (name, actionId, params) => {
    const { ports, evidence } = await evidenceFor(name);
    const plan = await planByRules(ports, evidence);
    expect(plan.kind).toBe("action");
    expect(plan.actionId).toBe(actionId);
    expect(plan.params).toEqual(params);
  });
});

describe("look-alikes the planner refuses", () => {
  it("a broad surge behind a WAF: no concentrated sources, no block", async () => {
    const { ports, evidence } = await evidenceFor("broad-surge-behind-waf");
    const triage = evidence.assessment;
    const set = await relatedTarget(ports, "waf-ip-set", { triage, suspects: [] });
    expect(set?.id).toBe("web-blocklist");
    const verdict = await securityParams(ports, "waf-block-ip-set", set!, { triage, suspects: [] });
    expect(verdict).toEqual({ skip: expect.stringMatching(/no concentrated sources.*broad/) });
  });

  it("a revocation whose source is no tier of ours is not restored, even when blamed", async () => {
    const { ports, evidence } = await evidenceFor("sg-change-decoy-provider-timeouts");
    const now = ports.clock.now();
    const changes = await ports.changes.list({
      service: "payments",
      since: new Date(now.getTime() - 3600_000),
      until: now,
    });
    const revoke = changes.find((c) => c.resourceId === "sg-0c4e6a8b0d2f41357");
    expect(revoke?.from).toBe("tcp:22-22:10.30.0.0/24");
    // Suppose triage blamed it: the group is related (attached to prod/payments), the rule is not a path of ours.
    const triage = { ...evidence.assessment, recentChanges: [revoke!.id] };
    const suspects = [(await ports.resources.describe("prod/payments"))!];
    const group = await relatedTarget(ports, "security-group", { triage, suspects });
    expect(group?.id).toBe("sg-0c4e6a8b0d2f41357");
    const verdict = await securityParams(ports, "sg-restore-ingress-rule", group!, { triage, suspects });
    expect(verdict).toEqual({ skip: expect.stringContaining("10.30.0.0/24 is not a group of payments") });
  });

  it("a detach triage did not find among the recent changes leads to no role", async () => {
    const { ports, evidence } = await evidenceFor("iam-detach-decoy-lambda-deploy");
    const suspects = [(await ports.resources.describe("notifications-sender:live"))!];
    expect(await relatedTarget(ports, "iam-role", { triage: evidence.assessment, suspects })).toBeUndefined();
  });

  it("a group or role unrelated to the incident is never the target", async () => {
    const { ports, evidence } = await evidenceFor("security-group-rule-removed");
    const triage = { ...evidence.assessment, service: "payments" };
    expect(await relatedTarget(ports, "security-group", { triage, suspects: [] })).toBeUndefined();
  });

  it("a CPU-bound instance without a security finding is not contained", async () => {
    const { ports, evidence } = await evidenceFor("instance-cpu-bound-no-finding");
    const instance = (await ports.resources.describe("i-0d1e2f3a4b5c60702"))!;
    const verdict = await securityParams(ports, "ec2-isolate-instance", instance, {
      triage: evidence.assessment,
      suspects: [instance],
      ...(evidence.logFindings.suggestedCategory
        ? { logCategory: evidence.logFindings.suggestedCategory }
        : {}),
    });
    expect(verdict).toEqual({ skip: expect.stringContaining("no security finding") });
  });
});
