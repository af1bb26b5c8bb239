/**
 * The full contract of every catalogue action, across layers: strict parameters that refuse wildcards and
 * ARNs, rollbacks that name catalogue actions, a simulated executor, an IAM grant in infra, and a runbook
 * that prescribes it. Known gaps are listed by name so that closing one (or opening another) fails here.
 */

import {
  ACTION_IDS,
  type ActionId,
  NO_LIVE_EXECUTOR_ACTION_IDS,
  NOT_GRANTED_ACTION_IDS,
  ResponderConfigSchema,
} from "../infra/config.js";
import { FAMILY_RUNBOOKS, familyStatementsByAction } from "../infra/constructs/family-permissions.js";
import { AUTOMATION_RUNBOOKS } from "../infra/constructs/ssm-roles.js";
import { actionStatements } from "../infra/constructs/worker-permissions.js";
import { ACTION_CATALOGUE, findAction } from "../knowledge/actions/index.js";
import { catalogueSummary } from "../knowledge/actions/summary.js";
import { loadAwsCatalogue } from "../knowledge/corpus/aws-catalogue.js";
import { BUILT_IN_RUNBOOKS_DIR } from "../knowledge/corpus/paths.js";
import { FolderSource } from "../knowledge/corpus/sources/folder.js";
import { EXECUTOR_HANDLERS, executorKey } from "../tools/sandbox/automation-actions.js";

/** Runs through AWSSupport-ContainEC2Instance, whose role is written per account (see infra/README.md). */
/** Containment: its automation role is not written by the stack yet, so enabling it is refused at synth. */
const IAM_GAPS = [...NOT_GRANTED_ACTION_IDS];
/** Every action is prescribed by a runbook or is another action's rollback. */
const RUNBOOK_GAPS: string[] = [];

describe("the action catalogue contract", () => {
  it("has at least 20 actions with unique ids", () => {
    const ids = ACTION_CATALOGUE.map((a) => a.id);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalogueSummary()).toHaveLength(ids.length);
  });

  it.each(ACTION_CATALOGUE.map((a) => [a.id, a] as const))(
    "%s: strict parameters, no wildcard, no ARN",
    (_id, action) => {
      const extra = action.params.safeParse({ __extra: 1 });
      expect(extra.success).toBe(false);
      expect(extra.error?.issues.some((i) => i.code === "unrecognized_keys")).toBe(true);
      for (const [name, schema] of Object.entries(
        action.params.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>,
      )) {
        expect(schema.safeParse("*").success, `${name} accepts '*'`).toBe(false);
        expect(schema.safeParse("a/../b").success, `${name} accepts a path`).toBe(false);
        expect(
          schema.safeParse("arn:aws:lambda:us-east-1:999999999999:function:x").success,
          `${name} accepts an ARN`,
        ).toBe(false);
      }
    },
  );

  it.each(ACTION_CATALOGUE.map((a) => [a.id, a] as const))(
    "%s: rollback names a catalogue action",
    (_id, action) => {
      const summary = catalogueSummary().find((s) => s.id === action.id);
      if (summary?.rollbackAction) expect(findAction(summary.rollbackAction)).toBeDefined();
      if (action.rollback) expect(action.reversible).toBe(true);
    },
  );

  it.each(ACTION_CATALOGUE.map((a) => [a.id, a] as const))(
    "%s: the simulated account can run its executor",
    (_id, action) => {
      expect(Object.hasOwn(EXECUTOR_HANDLERS, executorKey(action.executor))).toBe(true);
    },
  );

  it("every action is a stack action id with its own IAM grant (except the listed gaps)", () => {
    const missing: string[] = [];
    for (const action of ACTION_CATALOGUE) {
      expect(ACTION_IDS as readonly string[]).toContain(action.id);
      // Actions without a live AWS executor cannot be enabled; their grant is still written, ready.
      const live =
        !NO_LIVE_EXECUTOR_ACTION_IDS.includes(action.id as ActionId) &&
        !NOT_GRANTED_ACTION_IDS.includes(action.id as ActionId);
      const config = ResponderConfigSchema.parse({ enabledActions: live ? [action.id] : [] });
      const api = live
        ? actionStatements(config).length > 0
        : (familyStatementsByAction(config)[action.id as ActionId]?.length ?? 0) > 0;
      const runbookRole = [...AUTOMATION_RUNBOOKS, ...FAMILY_RUNBOOKS].some((r) => r.actionId === action.id);
      if (!api && !runbookRole) missing.push(action.id);
    }
    expect(missing).toEqual(IAM_GAPS);
  });

  it("every action is prescribed by a runbook or is another action's rollback (except the listed gaps)", async () => {
    const source = new FolderSource({ dir: BUILT_IN_RUNBOOKS_DIR, source: "built-in" });
    await source.refresh();
    const prescribed = new Set(
      [...source.runbooks(), ...(await loadAwsCatalogue())].flatMap((r) => r.actions.map((a) => a.actionId)),
    );
    // Reachable: prescribed, or the rollback of something reachable (a pair that only undo each other is not).
    const rollbackOf = new Map(catalogueSummary().map((x) => [x.id, x.rollbackAction]));
    const reachable = new Set(prescribed);
    for (let grew = true; grew; ) {
      grew = false;
      for (const id of [...reachable]) {
        const undo = rollbackOf.get(id);
        if (undo && !reachable.has(undo)) {
          reachable.add(undo);
          grew = true;
        }
      }
    }
    const orphans = ACTION_CATALOGUE.map((a) => a.id).filter((id) => !reachable.has(id));
    expect(orphans).toEqual(RUNBOOK_GAPS);
  });
});
