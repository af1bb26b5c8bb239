/**
 * What each catalogue action adds to the bill, per hour, from its parameters and the target's description,
 * priced from the bundled table in prices.ts. Every catalogue action declares its effect here (a test checks
 * none is missing); most change no billed capacity and declare "none". An estimate the code cannot make
 * (an instance type not in the table, a task size not described) is "unknown", which the gate treats as
 * over any ceiling: an unknown price never runs on its own.
 */
import { z } from "zod";
import type { ResourceDescription } from "../../tools/domain/index.js";
import { PRICE_TABLE } from "./prices.js";

export const CostEstimateSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none"), basis: z.string() }),
  z.object({ kind: z.literal("usd"), usdPerHour: z.number(), basis: z.string() }),
  z.object({ kind: z.literal("unknown"), basis: z.string() }),
]);
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

/** A cost effect: a pure function of the validated parameters and the target as described now. */
export type CostEffect = (params: Record<string, unknown>, target: ResourceDescription) => CostEstimate;

const num = (target: ResourceDescription, key: string) => Number(target.attributes[key] ?? 0) || 0;
const none =
  (basis: string): CostEffect =>
  () => ({ kind: "none", basis });
const usd = (usdPerHour: number, basis: string): CostEstimate => ({
  kind: "usd",
  usdPerHour: Math.round(usdPerHour * 10_000) / 10_000,
  basis,
});

/** Added instances × the instance type's hourly price; a type missing from the table is unknown. */
function instances(added: number, instanceType: string, what: string): CostEstimate {
  if (added <= 0) return { kind: "none", basis: `${what}: no instances added` };
  const price = PRICE_TABLE.ec2PerHour[instanceType];
  if (price === undefined)
    return {
      kind: "unknown",
      basis: `${what}: ${added} × ${instanceType || "(no instance type)"}, whose price is not in the bundled table (knowledge/actions/prices.ts)`,
    };
  return usd(added * price, `${what}: ${added} × ${instanceType} at $${price}/h`);
}

const asgDesired: CostEffect = (p, t) =>
  instances(
    Number(p.DesiredCapacity) - num(t, "desiredCapacity"),
    String(t.attributes.instanceType ?? ""),
    "added instances",
  );

/** Raising MaxSize lets the group's own policies add up to (new − old max) instances: the worst case. */
const asgMax: CostEffect = (p, t) =>
  instances(Number(p.MaxSize) - num(t, "maxSize"), String(t.attributes.instanceType ?? ""), "up to");

/** Fargate tasks priced by their size; without taskCpu (vCPU) and taskMemoryGb described it is unknown. */
const ecsDesired: CostEffect = (p, t) => {
  const added = Number(p.desiredCount) - num(t, "desiredCount");
  if (added <= 0) return { kind: "none", basis: "no tasks added" };
  const cpu = num(t, "taskCpu");
  const mem = num(t, "taskMemoryGb");
  if (cpu <= 0 || mem <= 0) return { kind: "unknown", basis: `${added} task(s) of undescribed size` };
  const each = cpu * PRICE_TABLE.fargateVcpuPerHour + mem * PRICE_TABLE.fargateGbPerHour;
  return usd(added * each, `${added} Fargate task(s) × ${cpu} vCPU/${mem} GB at $${each.toFixed(4)}/h`);
};

const ebsGrow: CostEffect = (p, t) => {
  const added = Number(p.SizeGib) - num(t, "diskSizeGb");
  if (added <= 0) return { kind: "none", basis: "no storage added" };
  const perGib = PRICE_TABLE.ebsGp3PerGibMonth;
  return usd(
    (added * perGib) / PRICE_TABLE.hoursPerMonth,
    `${added} GiB × $${perGib}/GiB-month (gp3), billed from now on`,
  );
};

const dynamoProvisioned: CostEffect = (p, t) => {
  const rcu = Number(p.ReadCapacityUnits) - num(t, "readCapacityUnits");
  const wcu = Number(p.WriteCapacityUnits) - num(t, "writeCapacityUnits");
  const added = rcu * PRICE_TABLE.dynamoRcuPerHour + wcu * PRICE_TABLE.dynamoWcuPerHour;
  if (added <= 0) return { kind: "none", basis: "no capacity added" };
  return usd(added, `+${rcu} RCU / +${wcu} WCU at provisioned prices`);
};

/**
 * On-demand is billed per request, so the added cost depends on traffic. The estimate is the table serving
 * its current provisioned throughput in full on demand, less the provisioned charge it stops paying: a
 * lower bound when the table is throttled (traffic is above that).
 */
const dynamoOnDemand: CostEffect = (_p, t) => {
  const rcu = num(t, "readCapacityUnits");
  const wcu = num(t, "writeCapacityUnits");
  const onDemand =
    (rcu * 3600 * PRICE_TABLE.dynamoReadPerMillion + wcu * 3600 * PRICE_TABLE.dynamoWritePerMillion) / 1e6;
  const provisioned = rcu * PRICE_TABLE.dynamoRcuPerHour + wcu * PRICE_TABLE.dynamoWcuPerHour;
  return usd(
    Math.max(0, onDemand - provisioned),
    `on-demand at the current ${rcu} RCU / ${wcu} WCU fully used, less the provisioned charge (more if traffic is higher)`,
  );
};

const NO_CAPACITY = "changes no billed capacity";

/** The cost effect of every catalogue action, by id. */
export const COST_EFFECTS: Readonly<Record<string, CostEffect>> = {
  "asg-set-desired-capacity": asgDesired,
  "asg-raise-max-size": asgMax,
  "ecs-set-desired-count": ecsDesired,
  "ebs-extend-volume": ebsGrow,
  "dynamodb-set-provisioned-capacity": dynamoProvisioned,
  "dynamodb-switch-to-on-demand": dynamoOnDemand,
  // Reserved concurrency is free; invocations are billed per use whatever the reservation.
  "lambda-set-reserved-concurrency": none("reserved concurrency has no charge of its own"),
  "lambda-stop-recursive-loop": none("throttles the function: bills less, not more"),
  "lambda-remove-reserved-concurrency": none("reserved concurrency has no charge of its own"),
  "lambda-rollback-alias": none(NO_CAPACITY),
  "ec2-restart-instance": none("same instance, same type"),
  "ec2-cleanup-rotated-logs": none("frees disk space only"),
  "ecs-force-new-deployment": none("same task count and size"),
  "ecs-rollback-service": none("same task count"),
  "rds-reboot-instance": none("same instance class"),
  "appconfig-rollback-configuration": none(NO_CAPACITY),
  "ssm-parameter-revert": none(NO_CAPACITY),
  "sqs-move-poison-messages": none("message moves are billed per request, negligible"),
  "sqs-restore-redrive-policy": none(NO_CAPACITY),
  "sqs-redrive-dead-letter-queue": none("message moves are billed per request, negligible"),
  "waf-block-ip-set": none("edits an existing IP set"),
  "waf-restore-ip-set": none("edits an existing IP set"),
  "sg-restore-ingress-rule": none(NO_CAPACITY),
  "iam-reattach-role-policy": none(NO_CAPACITY),
  "ec2-isolate-instance": none("the backup AMI's snapshot storage is not estimated"),
  "ec2-release-instance": none(NO_CAPACITY),
};

/** The estimate for an action; an action with no declared effect is unknown (fail closed). */
export function estimateCost(
  actionId: string,
  params: Record<string, unknown>,
  target: ResourceDescription,
): CostEstimate {
  const effect = COST_EFFECTS[actionId];
  if (!effect) return { kind: "unknown", basis: `${actionId} declares no cost effect` };
  return effect(params, target);
}

/** One line for reasons, approval requests and reports. */
export function describeCost(cost: CostEstimate): string {
  const where = `${PRICE_TABLE.region} ${PRICE_TABLE.basis} as of ${PRICE_TABLE.asOf}`;
  if (cost.kind === "none") return `estimated added cost: none (${cost.basis})`;
  if (cost.kind === "unknown") return `estimated added cost: unknown (${cost.basis})`;
  return `estimated added cost: $${cost.usdPerHour.toFixed(2)}/h (${cost.basis}; ${where})`;
}

/**
 * The cost of a stage together with the stages of the same plan that already ran: splitting a change into
 * stages must not slip it under the cost ceiling. Overlaps (a raised limit and the capacity that then uses
 * it) are counted twice, which errs towards asking a human.
 */
export function withEarlierStages(current: CostEstimate, earlier: readonly CostEstimate[]): CostEstimate {
  if (earlier.length === 0) return current;
  const all = [current, ...earlier];
  if (all.some((c) => c.kind === "unknown"))
    return { kind: "unknown", basis: `${current.basis}; an earlier stage's cost is unknown` };
  const total = all.reduce((sum, c) => sum + (c.kind === "usd" ? c.usdPerHour : 0), 0);
  if (total === 0) return current;
  return usd(total, `${current.basis}; with the ${earlier.length} earlier stage(s) of this plan`);
}
