import { z } from "zod";

/**
 * How a stage of a staged plan shows it worked: `signal` watches the action's success signal (`expect`:
 * fully `recovered`, or at least `improved` for a stage that is one step of several); `state` reads the
 * target back and checks the attributes the action declares it sets (a limit raised, a policy attached).
 * The last stage always watches its signal and the incident's alarm: that is the plan's goal.
 */
export const StageCheckSchema = z.object({
  verifyBy: z.enum(["signal", "state"]).default("signal"),
  expect: z.enum(["recovered", "improved"]).default("recovered"),
  /**
   * When this stage fails: `rollback-plan` undoes it and every stage before it, newest first, then escalates;
   * `rollback-stage` undoes only this one and leaves the earlier (verified) stages in place.
   */
  onFailure: z.enum(["rollback-plan", "rollback-stage"]).default("rollback-plan"),
});

/** One later stage of a runbook's staged plan: an action with its templates, when and checks. */
export const RunbookStageRefSchema = z
  .object({
    actionId: z.string(),
    params: z.record(z.string(), z.string()).default({}),
    when: z.string().optional(),
  })
  .extend(StageCheckSchema.shape);
export type RunbookStageRef = z.infer<typeof RunbookStageRefSchema>;

/**
 * An action a runbook recommends, with parameter templates (`{{target.id}}`, `{{target.attributes.x}}`).
 * With `next`, it is the first stage of a staged plan: the stages run in order, each judged by the gate.
 */
export const RunbookActionRefSchema = z
  .object({
    actionId: z.string(),
    params: z.record(z.string(), z.string()).default({}),
    /** When this action applies, in words for people. */
    when: z.string().optional(),
    /** Later stages of a staged plan, in order. */
    next: z.array(RunbookStageRefSchema.strict()).optional(),
  })
  .extend(StageCheckSchema.partial().shape);
export type RunbookActionRef = z.infer<typeof RunbookActionRefSchema>;

/** What retrieval returns for one runbook. */
export const RunbookHitSchema = z.object({
  runbookId: z.string(),
  title: z.string(),
  category: z.string(),
  /** Fused score in [0, 1]; 1 is the best possible match. */
  score: z.number().min(0).max(1),
  /** Why it was retrieved: which signals and terms matched. */
  reasons: z.array(z.string()),
  actions: z.array(RunbookActionRefSchema),
  escalationTeam: z.string().optional(),
  source: z.enum(["built-in", "aws-official", "organisation", "knowledge-base"]),
});
export type RunbookHit = z.infer<typeof RunbookHitSchema>;

/** The evidence retrieval searches with: alarm signals, log templates, resource types, free text. */
export interface RetrievalQuery {
  text: string;
  service?: string;
  namespace?: string;
  metric?: string;
  resourceTypes?: string[];
  logTemplates?: string[];
  category?: string;
  limit?: number;
}

export interface RunbookRetriever {
  /** Best runbooks first; an empty array means nothing relevant, never a guess. */
  search(query: RetrievalQuery): Promise<RunbookHit[]>;
}
