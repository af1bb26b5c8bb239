import { MemorySaver } from "@langchain/langgraph";
import { runWithCrash } from "/work/wt-chaos/evals/chaos/crash-run.js";
import { loadScenario } from "/work/wt-chaos/evals/scenario/index.js";
import { createRetriever } from "/work/wt-chaos/knowledge/retrieval/factory.js";

const retriever = await createRetriever();
const scenario = await loadScenario("/work/wt-chaos/evals/scenarios/disk-full-logs.yaml");
const saver = new MemorySaver();
const r = await runWithCrash(scenario, { saver: () => saver, retriever }, 0, "x");
console.log(JSON.stringify({ ...r, points: r.points.slice(0, 5) }, null, 1));
