import { describe, expect, it } from "vitest";
import type { ChangeEvent } from "../../tools/domain/index.js";
import { worldAtAlarm } from "../shared/test-support.js";
import { rankByScope, scopeOf } from "./change-scope.js";
import { triageByRules } from "./rules.js";

const change = (id: string, resourceId: string, time: string, service = "cart"): ChangeEvent => ({
  id,
  time,
  service,
  resourceId,
  kind: "deployment",
  summary: id,
});

describe("change attribution by the resource a change touched", () => {
  const ctx = {
    alarmed: new Set(["retail/cart-api"]),
    serviceResources: new Set(["retail/cart-api", "cart-reminders:live"]),
    dependencies: new Set(["pricing"]),
  };

  it("scopes: the alarmed resource, then what it calls, then the service's other resources", () => {
    expect(scopeOf(change("a", "retail/cart-api", "t"), ctx)).toBe(0);
    expect(scopeOf(change("f", "flag/cart.promo", "t"), ctx)).toBe(0);
    expect(scopeOf(change("p", "prices-table", "t", "pricing"), ctx)).toBe(1);
    expect(scopeOf(change("l", "cart-reminders:live", "t"), ctx)).toBe(2);
  });

  it("an older change to the alarmed resource outranks a newer deploy of a sibling", () => {
    const ranked = rankByScope(
      [change("lambda", "cart-reminders:live", "10:04"), change("api", "retail/cart-api", "10:03")],
      ctx,
    );
    expect(ranked.map((c) => c.id)).toEqual(["api", "lambda"]);
  });

  it("with nothing alarmed known, time alone ranks", () => {
    const list = [change("b", "x", "2"), change("a", "y", "1")];
    expect(rankByScope(list, { ...ctx, alarmed: new Set() })).toEqual(list);
  });

  it("sibling-deploy-decoy: triage blames the API deploy, not the newer Lambda version", async () => {
    const { ports, incident } = await worldAtAlarm("sibling-deploy-decoy");
    const triage = await triageByRules(ports, incident);
    const changes = await ports.changes.list({
      service: "cart",
      since: new Date(0),
      until: ports.clock.now(),
    });
    const blamed = changes.find((c) => c.id === triage.recentChanges[0]);
    expect(blamed?.resourceId).toBe("retail/cart-api");
    expect(triage.suspectedResources[0]).toBe("retail/cart-api");
    expect(triage.recentChanges.length).toBe(2);
  });
});
