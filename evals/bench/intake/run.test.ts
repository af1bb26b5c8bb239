/** Smoke test of the benchmark path: a small storm through processIntake on dynalite, scored. */
import { measureInMemory, runOnDynalite } from "./run.js";
import { scoreRun, TARGETS } from "./score.js";
import { generateStorm } from "./storm.js";

describe("intake storm benchmark (small)", () => {
  it("runs a storm through intake on dynalite and meets the targets", async () => {
    const storm = generateStorm({ seed: 11, events: 400, incidents: 10, services: 4, hours: 3 });
    const run = await runOnDynalite(storm, { concurrency: 8 });
    const result = scoreRun(storm, run, measureInMemory(storm, 50).eventsPerSecond, 8);
    expect(result.rejected).toBe(0);
    expect(result.events).toBe(storm.events.length);
    expect(result.incidents).toBeGreaterThan(0);
    expect(result.runStarts).toBeGreaterThanOrEqual(result.incidents);
    expect(result.f1).toBeGreaterThanOrEqual(TARGETS.f1);
    expect(result.noiseReduction).toBeGreaterThan(0.8);
  });
});
