/**
 * A log group the responder may not read (outside `air:logGroupPrefixes`) is a gap in the evidence, not a
 * failed run: the rules reasoner analyses what it could read and names what it could not.
 */
import { describe, expect, it } from "vitest";
import type { LogsPort } from "../../tools/ports.js";
import { worldAtAlarm } from "../shared/test-support.js";
import { analyseLogsByRules } from "./rules.js";

describe("log-analysis with unreadable log groups", () => {
  it("continues on the readable groups and notes the refused ones in the findings", async () => {
    const { ports, incident } = await worldAtAlarm("bad-ecs-deploy");
    const readable = ports.logs;
    const logs: LogsPort = {
      query: (q) => readable.query(q),
      queryWithGaps: async (q) => ({
        events: await readable.query(q),
        gaps: [
          {
            logGroup: "/ecs/checkout-audit",
            reason: "AccessDeniedException: logs:FilterLogEvents was denied",
          },
        ],
      }),
    };
    const full = await analyseLogsByRules(ports, incident);
    const withGap = await analyseLogsByRules({ ...ports, logs }, incident);
    expect(withGap.unreadableLogGroups).toEqual(["/ecs/checkout-audit"]);
    expect(withGap.summary).toMatch(
      /gap: 1 log group\(s\) could not be read \(access denied\): \/ecs\/checkout-audit/,
    );
    // The evidence from the readable groups is unchanged.
    expect(withGap.evidence).toEqual(full.evidence);
    expect(full.unreadableLogGroups).toBeUndefined();
  });
});
