/**
 * A small incident graph for the resume test: fan-out to two evidence nodes (one can crash once),
 * fan-in, a human approval (interrupt), then execute and report. Deterministic, so a run that was
 * crashed, interrupted and resumed in other processes must end in the same state as one straight run.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { Annotation, END, interrupt, START, StateGraph } from "@langchain/langgraph";

const append = (a: string[], b: string[]) => a.concat(b);

export const IncidentState = Annotation.Root({
  alarm: Annotation<string>(),
  severity: Annotation<string>(),
  timeline: Annotation<string[]>({ reducer: append, default: () => [] }),
  findings: Annotation<string[]>({ reducer: append, default: () => [] }),
  decision: Annotation<string>(),
});
export type IncidentStateType = typeof IncidentState.State;

/** Per-process node execution counts, to check what a resumed run re-executed. */
export const nodeRuns: Record<string, number> = {};
const ran = (node: string) => {
  nodeRuns[node] = (nodeRuns[node] ?? 0) + 1;
};

export function buildIncidentGraph(
  checkpointer: BaseCheckpointSaver,
  options: { crashMetrics?: boolean } = {},
) {
  return new StateGraph(IncidentState)
    .addNode("intake", (s) => {
      ran("intake");
      return { severity: s.alarm.includes("5xx") ? "SEV2" : "SEV3", timeline: ["intake"] };
    })
    .addNode("logs", () => {
      ran("logs");
      return { findings: ["logs: 5xx spike after deploy 42"], timeline: ["logs"] };
    })
    .addNode("metrics", async () => {
      ran("metrics");
      // Let the sibling finish first so its writes are checkpointed before the failure.
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (options.crashMetrics) throw new Error("metrics backend timed out");
      return { findings: ["metrics: p99 latency 4.2s"], timeline: ["metrics"] };
    })
    .addNode("plan", (s) => {
      ran("plan");
      return { timeline: [`plan(${s.findings.length} findings)`] };
    })
    .addNode("approval", (s) => {
      ran("approval");
      const decision = interrupt<{ action: string; severity: string }, string>({
        action: "rollback deploy 42",
        severity: s.severity,
      });
      return { decision, timeline: [`approval:${decision}`] };
    })
    .addNode("execute", (s) => {
      ran("execute");
      return { timeline: [s.decision === "approved" ? "execute:rollback" : "execute:skipped"] };
    })
    .addNode("report", (s) => {
      ran("report");
      return { timeline: [`report(${s.timeline.length} events)`] };
    })
    .addEdge(START, "intake")
    .addEdge("intake", "logs")
    .addEdge("intake", "metrics")
    .addEdge(["logs", "metrics"], "plan")
    .addEdge("plan", "approval")
    .addEdge("approval", "execute")
    .addEdge("execute", "report")
    .addEdge("report", END)
    .compile({ checkpointer });
}
