import { describe, expect, it } from "vitest";
import { worldAtAlarm } from "../../shared/test-support.js";
import { analyseLogsByRules } from "../rules.js";
import { structuredVotes } from "./structured-category.js";

describe("category from the resource a failing line names", () => {
  it("a pool timeout naming our database is a database problem, not a third party", async () => {
    const { ports, incident } = await worldAtAlarm("innocent-deploy-before-db-pool-timeouts");
    const findings = await analyseLogsByRules(ports, incident);
    expect(findings.suggestedCategory).toBe("database");
  });

  it("a timeout naming a third party's host is that third party, with a healthy database beside it", async () => {
    const { ports, incident } = await worldAtAlarm("provider-timeouts-with-healthy-database");
    const findings = await analyseLogsByRules(ports, incident);
    expect(findings.suggestedCategory).toBe("dependency");
  });

  it("ignores informational lines and very short tokens", () => {
    const e = (level: string, sample: string) => ({
      template: sample,
      kind: "new" as const,
      level,
      incidentCount: 3,
      baselineCount: 0,
      score: 5,
      sample,
    });
    const named = [{ tokens: ["db", "orders-db.example"], category: "database" as const }];
    expect(structuredVotes([e("INFO", "connected to orders-db.example")], named).size).toBe(0);
    expect(structuredVotes([e("ERROR", "db said no")], named).size).toBe(0);
    expect(
      structuredVotes([e("ERROR", "acquire timeout orders-db.example:5432")], named).get("database"),
    ).toBe(10);
  });
});
