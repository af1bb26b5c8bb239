/**
 * Runs one phase of the incident graph in a fresh process with a fresh DynamoDBSaver, and prints a
 * JSON line. Usage: tsx run-incident.ts <endpoint> <table> <thread> <crash|resume|approve>
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Command } from "@langchain/langgraph";
import { localAwsClientConfig } from "../../../tools/local-aws/servers.js";
import { DynamoDBSaver } from "../saver.js";
import { buildIncidentGraph, nodeRuns } from "./incident-graph.js";

const [endpoint, tableName, threadId, phase] = process.argv.slice(2);
if (!endpoint || !tableName || !threadId || !phase) {
  console.error("usage: run-incident.ts <endpoint> <table> <thread> <crash|resume|approve>");
  process.exit(2);
}

const client = new DynamoDBClient(localAwsClientConfig(endpoint));
const saver = new DynamoDBSaver({ client, tableName });
const graph = buildIncidentGraph(saver, { crashMetrics: phase === "crash" });
const config = { configurable: { thread_id: threadId } };

let error: string | undefined;
try {
  if (phase === "crash") await graph.invoke({ alarm: "ALB 5xx > 5%" }, config);
  else if (phase === "resume") await graph.invoke(null, config);
  else await graph.invoke(new Command({ resume: "approved" }), config);
} catch (err) {
  error = err instanceof Error ? err.message : String(err);
}
const state = await graph.getState(config);
const interrupts = state.tasks.flatMap((t) => t.interrupts.map((i) => i.value));
console.log(JSON.stringify({ phase, error, next: state.next, interrupts, values: state.values, nodeRuns }));
client.destroy();
