import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import type { Command } from "@langchain/langgraph";
import { beforeAll, describe, expect, it } from "vitest";
import type { Incident } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import type { AgentContext, ReasonerConfig } from "../shared/context.js";
import type { Cost } from "../shared/cost.js";
import { worldAtAlarm } from "../shared/test-support.js";
import type { TimelineEntry } from "../shared/timeline.js";
import { createSupervisorNode } from "./index.js";

let ports: Ports;
let incident: Incident;
beforeAll(async () => {
  ({ ports, incident } = await worldAtAlarm("disk-full-logs"));
});

type Update = { cost: Cost; timeline: TimelineEntry[]; route: { next: string } };
async function step(reasoner: ReasonerConfig, steps = 0, configurable: Record<string, unknown> = {}) {
  const ctx = { ports, reasoner } as unknown as AgentContext;
  const command = (await createSupervisorNode(ctx)({ incident, steps }, { configurable })) as Command;
  return command.update as Update;
}

describe("supervisor cost", () => {
  it("counts nothing in rules mode", async () => {
    const update = await step({ mode: "rules" });
    expect(update.cost.modelCalls).toBe(0);
    expect(update.timeline[0]?.reasoner).toBe("rules");
  });

  it("counts nothing when the rules decide without asking the model (step budget used up)", async () => {
    const model = fakeModel().structuredResponse({ next: "triage", reason: "x" });
    const update = await step({ mode: "model", model }, 99);
    expect(update.route.next).toBe("escalate");
    expect(update.cost.modelCalls).toBe(0);
  });

  it("counts nothing when the model cannot be reached, and marks the step as a fallback", async () => {
    const unreachable = new Error("getaddrinfo ENOTFOUND bedrock-runtime.us-east-1.amazonaws.com");
    const model = {
      withStructuredOutput: () => ({
        invoke: async () => {
          throw unreachable;
        },
      }),
    } as unknown as BaseChatModel;
    const update = await step({ mode: "model", model });
    expect(update.cost.modelCalls).toBe(0);
    expect(update.timeline[0]?.reasoner).toBe("rules");
    expect(update.timeline[0]?.modelFallback?.kind).toBe("unreachable");
  });

  it("counts one call when the model answers", async () => {
    const model = fakeModel()
      .respond(new AIMessage("ok"))
      .structuredResponse({ next: "triage", reason: "start with triage" });
    const update = await step({ mode: "model", model });
    expect(update.route.next).toBe("triage");
    expect(update.cost.modelCalls).toBe(1);
    expect(update.timeline[0]?.reasoner).toBe("model");
  });

  it("reads the step budget from the run configuration", async () => {
    const update = await step({ mode: "rules" }, 2, { stepBudget: 2 });
    expect(update.route.next).toBe("escalate");
    expect((await step({ mode: "rules" }, 2)).route.next).not.toBe("escalate");
  });
});
