/**
 * Scale-out is refused when the web ACL in front of the service logs a blockable flood, whatever the logs'
 * wording suggests: the block is planned instead. A broad surge behind a WAF, or a group with no WAF, still
 * scales.
 */
import { describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { analyseLogsByRules } from "../log-analysis/rules.js";
import { retrieveByRules } from "../runbook-retrieval/rules.js";
import { worldAtAlarm } from "../shared/test-support.js";
import { triageByRules } from "../triage/rules.js";
import { preCheck } from "./pre-checks.js";
import { planByRules } from "./rules.js";

async function groupCheck(scenario: string, group: string, actionId = "asg-set-desired-capacity") {
  const { ports } = await worldAtAlarm(scenario);
  const target = await ports.resources.describe(group);
  if (!target) throw new Error(`${scenario}: no ${group}`);
  return preCheck(ports, actionId, target);
}

describe("scale-out against a flood", () => {
  it.each(["asg-set-desired-capacity", "asg-raise-max-size"])(
    "%s is refused while four clients send most of the login traffic",
    async (actionId) => {
      expect(await groupCheck("credential-stuffing-login", "accounts-asg", actionId)).toMatch(
        /4 client\(s\) sent \d+% .*a flood from 4 address\(es\), not demand/,
      );
    },
  );

  it("a broad surge behind a WAF may still scale", async () => {
    expect(await groupCheck("broad-surge-behind-waf", "web-asg")).toBeUndefined();
  });

  it("a group with no WAF in front may still scale", async () => {
    expect(await groupCheck("traffic-surge-asg", "web-asg")).toBeUndefined();
  });

  it("logs that read as plain load (no bot wording) still get the block, not more instances", async () => {
    const world = await worldAtAlarm("credential-stuffing-login");
    const assessment = await triageByRules(world.ports, world.incident);
    const found = await analyseLogsByRules(world.ports, world.incident);
    // The lines as another service would word them (a variant's nginx dialect): "throttling" instead of
    // "rate limit exceeded", and a saturated worker pool. Nothing in the wording says bots any more.
    const reword = (t: string) => t.replace(/rate limit exceeded for client/g, "throttling");
    const first = found.evidence[0];
    if (!first) throw new Error("no log evidence");
    const logFindings = {
      ...found,
      suggestedCategory: "capacity",
      evidence: [
        ...found.evidence.map((e) => ({ ...e, sample: reword(e.sample), template: reword(e.template) })),
        {
          ...first,
          template: "worker pool saturated: <*> of <*> busy, <*> requests waiting",
          sample: "worker pool saturated: 200 of 200 busy, 392 requests waiting",
        },
      ],
    };
    const runbooks = await retrieveByRules(await createRetriever(), {
      incident: world.incident,
      assessment,
      logFindings,
    });
    const plan = await planByRules(world.ports, {
      incident: world.incident,
      assessment,
      logFindings,
      runbooks,
    });
    expect(runbooks.candidates.map((c) => c.runbookId)).toContain("asg-traffic-surge");
    expect(plan.kind).toBe("action");
    if (plan.kind !== "action") return;
    expect(plan.actionId).toBe("waf-block-ip-set");
    expect(plan.params).toMatchObject({ Name: "accounts-denylist" });
  });
});
