/**
 * Change attribution by resource: a change explains symptoms of the resource it touched, and of resources
 * that depend on it (through the service map). A deploy of another resource of the same service is a weaker
 * candidate than an older change to the resource the alarm names, however recent it is.
 */
import type { ChangeEvent } from "../../tools/domain/index.js";

/** How directly a change reaches the alarmed resources: lower is closer. */
export type Scope = 0 | 1 | 2;

export interface ScopeContext {
  /** Ids of the resources the alarm names (directly or through their target group). */
  alarmed: ReadonlySet<string>;
  /** Ids of every resource of the alarmed service. */
  serviceResources: ReadonlySet<string>;
  /** Services the alarmed service calls (the service map); a change there reaches it through those calls. */
  dependencies: ReadonlySet<string>;
}

/**
 * 0: touched an alarmed resource, or something that is not one of the service's resources (a flag, a
 * parameter, a policy: whatever reads it may be hit); 1: touched a service the alarmed one calls; 2: touched
 * another resource of the service, one the alarm does not name.
 */
export function scopeOf(change: ChangeEvent, ctx: ScopeContext): Scope {
  if (ctx.alarmed.has(change.resourceId)) return 0;
  if (ctx.dependencies.has(change.service)) return 1;
  if (ctx.serviceResources.has(change.resourceId)) return 2;
  return 0;
}

/**
 * Candidates ranked by scope first, then newest first. With no alarmed resource known, only time ranks
 * (the scope says nothing).
 */
export function rankByScope(candidates: ChangeEvent[], ctx: ScopeContext): ChangeEvent[] {
  if (ctx.alarmed.size === 0) return candidates;
  return candidates
    .map((c, i) => ({ c, i, s: scopeOf(c, ctx) }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.c);
}
