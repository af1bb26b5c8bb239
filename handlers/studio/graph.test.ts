/** The Studio graph in-process (with the saver the dev server would supply): one world per thread. */
import { Command, MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import type { IncidentStateValue } from "../../graph/state.js";
import { graph } from "./graph.js";
import { studioInput } from "./input.js";
import { scenarioOfIncident, studioScenarioId } from "./scenario.js";

graph.checkpointer = new MemorySaver();

async function run(threadId: string, input: unknown) {
  const config = { configurable: { thread_id: threadId } };
  await graph.invoke(input as Parameters<typeof graph.invoke>[0], config);
  return graph.getState(config);
}

describe("Studio graph", () => {
  it("runs two threads of the same scenario in separate worlds", async () => {
    for (const thread of ["first", "second"]) {
      const paused = await run(thread, studioInput("bad-ecs-deploy"));
      expect(paused.next).toEqual(["approval"]);
      const done = await run(thread, new Command({ resume: { decision: "accept", by: "tester" } }));
      const state = done.values as IncidentStateValue;
      // In one shared world the second thread would find checkout already healed: "not-an-incident".
      expect(state.outcome).toBe("resolved-after-approval");
      expect(state.execution?.status).toBe("Success");
    }
  });

  it("picks the world from the incident's scenario when none is configured", async () => {
    const done = await run("disk", studioInput("disk-full-logs"));
    expect(done.next).toEqual([]);
    expect((done.values as IncidentStateValue).outcome).toBe("resolved-automatically");
  });

  it("resolves scenario ids from config, incident ids and the environment", () => {
    expect(scenarioOfIncident("disk-full-logs-202405140907-fp_1234")).toBe("disk-full-logs");
    expect(scenarioOfIncident("inc-202405140907-fp_1234")).toBeUndefined();
    expect(studioScenarioId(undefined, {})).toBe("bad-ecs-deploy");
    expect(studioScenarioId(undefined, { AIR_STUDIO_SCENARIO: "memory-leak-ec2" })).toBe("memory-leak-ec2");
    expect(studioScenarioId("traffic-surge-asg", { AIR_STUDIO_SCENARIO: "memory-leak-ec2" })).toBe(
      "traffic-surge-asg",
    );
    expect(() => studioInput("no-such-scenario")).toThrow(/one of: .*bad-ecs-deploy/);
    expect(() => studioInput("control-no-fault")).toThrow(/never raises an alarm/);
  });
});
