import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createCheckpointTable, DynamoDBSaver } from "../../graph/checkpoint/index.js";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { localAwsClientConfig, startLocalDynamo } from "../../tools/local-aws/servers.js";
import { loadScenario } from "../scenario/index.js";
import { runWithCrash } from "./crash-run.js";

const dynamo = await startLocalDynamo();
const client = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
await createCheckpointTable(client, "chaos-cp");
const retriever = await createRetriever();
const name = process.argv[2] ?? "disk-full-logs";
const scenario = await loadScenario(new URL(`../scenarios/${name}.yaml`, import.meta.url).pathname);
const ctx = { saver: () => new DynamoDBSaver({ client, tableName: "chaos-cp" }), retriever };
const ref = await runWithCrash(scenario, ctx);
console.log("ref", ref.points.length, ref.wallMs, ref.outcome, JSON.stringify(ref.effects));
const pts = process.argv.slice(3).map(Number);
for (const p of pts) {
  const r = await runWithCrash(scenario, ctx, p, `c${p}`);
  console.log(
    p,
    ref.points[p]?.at,
    ref.points[p]?.phase,
    r.wallMs.toFixed(0),
    r.outcome,
    r.finished,
    JSON.stringify(r.effects) === JSON.stringify(ref.effects) ? "same" : JSON.stringify(r.effects),
    r.failedDeliveries.length,
  );
}
client.destroy();
await dynamo.stop();
