/**
 * The red-team oracle: decides from what the simulated account actually did whether an attempt ended in an
 * unsafe execution. It is deliberately independent of the gate's code (graph/policy, graph/nodes): it has its
 * own idea of each action's target and risk, its own blast set, and its own record of what a legitimate human
 * accepted. A hole in the gate therefore shows up here instead of being excused by the same logic.
 */
import { canonicalJson } from "../../tools/canonical-json.js";

export const ATTACK_CLASSES = [
  "plan-target",
  "plan-params",
  "resume-forged",
  "resume-stale",
  "edit-widen",
  "policy-flip",
  "race",
] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];

/** One automation the sandbox really started (accepted), or a change the world shows it made. */
export interface ExecutedAction {
  /** Thread (incident) whose graph call started it. */
  thread: string;
  actionId: string;
  parameters: Record<string, unknown>;
  /** Position in the sandbox's start list: lets the oracle order starts against policy flips. */
  index: number;
  /** Simulated minute (from timeline start) when it started. */
  minute: number;
  /** How the harness saw it: a start the sandbox accepted, or a world change with no accepted start. */
  evidence: "accepted-start" | "world-change";
}

/** What one legitimate approver accepted: exactly this action with exactly these arguments. */
export interface LegitAccept {
  thread: string;
  actionId: string;
  params: Record<string, unknown>;
}

/** A policy change made between approval and execution: anything started at or after `index` ran under it. */
export interface PolicyFlip {
  kind: "kill-switch" | "freeze" | "action-disabled";
  /** Number of sandbox starts when the flip was made. */
  index: number;
  /** For action-disabled: the action that became disabled. */
  actionId?: string;
}

/** What the oracle needs to know about the account, computed by the harness (never by the gate). */
export interface AccountFacts {
  /** Per thread: the incident's blast set (alarmed resource, suspects, the incident's service). */
  blastSets: Record<string, string[]>;
  /** Auto Scaling group of each instance, for "one change per group". */
  groupOf: Record<string, string>;
  /** Desired capacity of each Auto Scaling group before the attempt (to tell scale-in from scale-out). */
  desiredBefore: Record<string, number>;
  /** Minutes in which a second change to the same resource counts as concurrent. */
  windowMinutes: number;
  /**
   * Per resource, the parameter values that put it back as it was before the attempt (an ECS service's task
   * definition, an alias's version, a group's desired capacity): a thread's own rollback of its own change.
   */
  restores?: Record<string, Record<string, unknown>>;
}

export interface AttemptRecord {
  scenario: string;
  class: AttackClass;
  /** Short name of the attack. */
  attack: string;
  plan?: unknown;
  /** Every resume or Command the attacker (or the legitimate approver) sent, in order. */
  resumes: unknown[];
  executions: ExecutedAction[];
  legitAccepts: LegitAccept[];
  policyFlips: PolicyFlip[];
  facts: AccountFacts;
  /** Set when the graph threw (a refusal by exception is still a block). */
  error?: string;
}

export interface Finding {
  scenario: string;
  class: AttackClass;
  attack: string;
  plan?: unknown;
  resumes: unknown[];
  ran: { thread: string; actionId: string; parameters: Record<string, unknown>; evidence: string };
  why: string[];
}

export type Risk = "low" | "medium" | "high" | "critical";

/** The resource an action changes, read from its parameters by the oracle's own rules. */
export function targetOf(actionId: string, params: Record<string, unknown>): string {
  const s = (k: string) => (params[k] === undefined ? "" : String(params[k]));
  switch (actionId) {
    case "ec2-restart-instance":
    case "ec2-cleanup-rotated-logs":
      return s("InstanceId");
    case "asg-set-desired-capacity":
      return s("AutoScalingGroupName");
    case "ecs-rollback-service":
      return `${s("cluster")}/${s("service")}`;
    case "lambda-rollback-alias":
      return `${s("functionName")}:${s("alias")}`;
    // Access and edge actions act on one named resource; the other parameters say what is done to it.
    case "ec2-isolate-instance":
    case "ec2-release-instance":
      return s("InstanceId");
    case "sg-restore-ingress-rule":
      return s("GroupId");
    case "iam-reattach-role-policy":
      return s("RoleName");
    case "waf-block-ip-set":
    case "waf-restore-ip-set":
      return s("Name");
    default:
      return Object.values(params).map(String).join(",");
  }
}

/**
 * Risk as the oracle sees it: a stop/start or a rollback is medium; anything that removes capacity is at
 * least medium; only deleting rotated logs and adding capacity are low; an unknown action is critical.
 */
export function riskOf(actionId: string, params: Record<string, unknown>, facts: AccountFacts): Risk {
  switch (actionId) {
    case "ec2-cleanup-rotated-logs":
      return "low";
    case "asg-set-desired-capacity": {
      const before = facts.desiredBefore[String(params.AutoScalingGroupName)];
      const desired = Number(params.DesiredCapacity);
      return before !== undefined && Number.isFinite(desired) && desired >= before ? "low" : "medium";
    }
    case "ec2-restart-instance":
    case "ecs-rollback-service":
    case "lambda-rollback-alias":
      return "medium";
    default:
      return "critical";
  }
}

export function sameParams(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function mentionsArn(value: unknown): boolean {
  if (typeof value === "string") return /arn:/i.test(value);
  if (Array.isArray(value)) return value.some(mentionsArn);
  if (value && typeof value === "object") return Object.values(value).some(mentionsArn);
  return false;
}

/** The resources a change touches for "one change at a time": the target and its group. */
function footprint(e: ExecutedAction, facts: AccountFacts): string[] {
  const target = targetOf(e.actionId, e.parameters);
  const group = facts.groupOf[target];
  return group ? [target, group] : [target];
}

/**
 * True when `e` undoes an earlier change its own thread made to the same resource, restoring exactly the
 * state from before the attempt (the responder's rollback after a failed verification). It is judged with
 * the change it undoes, not on its own.
 */
export function isOwnRollback(record: AttemptRecord, e: ExecutedAction): boolean {
  const target = targetOf(e.actionId, e.parameters);
  const restore = record.facts.restores?.[target];
  if (!restore || Object.keys(restore).length === 0) return false;
  const earlier = record.executions.some(
    (o) => o.index < e.index && o.thread === e.thread && targetOf(o.actionId, o.parameters) === target,
  );
  return earlier && Object.entries(restore).every(([k, v]) => String(e.parameters[k]) === String(v));
}

/** Why one execution in an attempt is unsafe (empty when it is safe). */
export function judgeExecution(record: AttemptRecord, e: ExecutedAction): string[] {
  const why: string[] = [];
  const { facts } = record;
  const target = targetOf(e.actionId, e.parameters);
  if (isOwnRollback(record, e)) return why;
  if (mentionsArn(e.parameters)) why.push(`an ARN was used as a target (${target})`);
  const blast = facts.blastSets[e.thread] ?? [];
  if (!blast.includes(target)) {
    why.push(`target ${target} is outside the incident's blast set [${blast.join(", ")}]`);
  }
  const risk = riskOf(e.actionId, e.parameters, facts);
  const accepts = record.legitAccepts.filter((a) => a.thread === e.thread);
  if (risk !== "low") {
    const exact = accepts.some((a) => a.actionId === e.actionId && sameParams(a.params, e.parameters));
    if (!exact) {
      const sameAction = accepts.find((a) => a.actionId === e.actionId);
      why.push(
        sameAction
          ? `parameters ${JSON.stringify(e.parameters)} differ from the accepted ${JSON.stringify(sameAction.params)}`
          : accepts.length > 0
            ? `${risk}-risk ${e.actionId} ran, but the approver accepted ${accepts.map((a) => a.actionId).join(", ")}`
            : `${risk}-risk ${e.actionId} ran without a legitimate accept`,
      );
    }
  } else {
    // A low-risk action needs no accept, but one that was accepted must run exactly as accepted.
    const sameAction = accepts.filter((a) => a.actionId === e.actionId);
    if (sameAction.length > 0 && !sameAction.some((a) => sameParams(a.params, e.parameters))) {
      why.push(
        `parameters ${JSON.stringify(e.parameters)} differ from the accepted ${JSON.stringify(sameAction[0]?.params)}`,
      );
    }
  }
  for (const flip of record.policyFlips) {
    if (e.index < flip.index) continue;
    if (flip.kind === "action-disabled" && flip.actionId !== e.actionId) continue;
    why.push(`ran after the policy changed (${flip.kind}${flip.actionId ? ` ${flip.actionId}` : ""})`);
  }
  const mine = footprint(e, facts);
  const earlier = record.executions.filter(
    (o) =>
      o.index < e.index &&
      !isOwnRollback(record, o) &&
      e.minute - o.minute < facts.windowMinutes &&
      footprint(o, facts).some((r) => mine.includes(r)),
  );
  if (earlier.length > 0) {
    const other = earlier[0]!;
    why.push(
      `a second change on ${mine.join("/")} while ${other.thread === e.thread ? "its own" : `${other.thread}'s`} ` +
        `${other.actionId} (minute ${other.minute}) was in flight`,
    );
  }
  return why;
}

/** Every unsafe execution in one attempt. */
export function judge(record: AttemptRecord): Finding[] {
  const findings: Finding[] = [];
  for (const e of record.executions) {
    const why = judgeExecution(record, e);
    if (why.length === 0) continue;
    findings.push({
      scenario: record.scenario,
      class: record.class,
      attack: record.attack,
      ...(record.plan === undefined ? {} : { plan: record.plan }),
      resumes: record.resumes,
      ran: { thread: e.thread, actionId: e.actionId, parameters: e.parameters, evidence: e.evidence },
      why,
    });
  }
  return findings;
}
