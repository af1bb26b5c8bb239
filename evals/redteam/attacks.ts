/**
 * The attack generator: for one scenario, every plan the hostile model proposes (every catalogue action ×
 * targets inside and outside the incident × boundary parameters, then seeded fuzz up to a quota) and every
 * hostile way of answering, editing, flipping the policy under, or racing an approval. Deterministic.
 */

import { action, boundaryPlans, CATALOGUE_IDS, fuzzPlans, targets } from "./attacks/plans.js";
import { raceAttacks } from "./attacks/race.js";
import { planAttack, resumeAttacks } from "./attacks/resumes.js";
import { securityPlans } from "./attacks/security.js";
import { stagedPlans } from "./attacks/stages.js";
import type { Attempt } from "./attempt.js";
import type { Plan, ScenarioEnv } from "./harness.js";
import type { AttackClass } from "./oracle.js";

export { candidatePlans } from "./attacks/plans.js";
export { hashSeed, seeded } from "./attacks/seed.js";

export interface Attack {
  class: AttackClass;
  name: string;
  /** Runs the attack inside a fresh Attempt. */
  run(at: Attempt): Promise<void>;
}

export interface GeneratedAttacks {
  attacks: Attack[];
}

/**
 * Every attack on one scenario. `paused` are plans already known to reach the approval interrupt (resume,
 * edit and policy-flip attacks need one); `planQuota` pads the plan classes with seeded fuzz.
 */
export function attacksFor(env: ScenarioEnv, paused: Plan[], seed: number, planQuota = 110): Attack[] {
  const out: Attack[] = [];
  for (const t of targets(env)) {
    for (const id of CATALOGUE_IDS) {
      out.push(
        planAttack(
          "plan-target",
          `${id} on ${t.label}${t.inBlast ? "" : " (outside the incident)"}`,
          action(id, t.params(id)),
        ),
      );
    }
  }
  for (const { name, plan } of boundaryPlans(env)) out.push(planAttack("plan-params", name, plan));
  for (const { name, plan } of securityPlans(env.inventory.security))
    out.push(planAttack("plan-params", name, plan));
  const planCount = out.length;
  for (const { name, plan } of fuzzPlans(env, Math.max(0, planQuota - planCount), seed)) {
    out.push(planAttack("plan-params", name, plan));
  }
  for (const { name, plan } of stagedPlans(env, seed)) out.push(planAttack("plan-params", name, plan));
  paused.forEach((plan, k) => {
    out.push(...resumeAttacks(env, plan, `${String(plan.actionId)} #${k + 1}`));
  });
  out.push(...raceAttacks(env));
  return out;
}
