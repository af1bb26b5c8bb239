import { readFile } from "node:fs/promises";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type LocalAws, startLocalAws } from "../../../tools/local-aws/servers.js";
import { IncidentStore, processIntake } from "../../intake/index.js";
import { configFromEnv } from "../../runtime/config.js";
import { CliError } from "../errors.js";
import { createStyler } from "../render/style.js";
import { stateDir } from "./saved-runs.js";

async function readEventFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${path} is not JSON: ${(error as Error).message}. Give an EventBridge, SNS or alarm-action event.`,
    );
  }
}

/**
 * `air ingest <event.json>`: parses, normalises and records the event in the incident store (local
 * dynalite under the state folder, or the configured DynamoDB), and says what intake decided.
 */
export async function ingestCommand(paths: string[]): Promise<void> {
  const style = createStyler();
  const config = configFromEnv();
  const INCIDENT_TABLE = config.incidentTable;
  let local: LocalAws | undefined;
  let client: DynamoDBClient;
  if (config.dynamoEndpoint) {
    client = new DynamoDBClient({
      region: config.region,
      ...(config.dynamoEndpoint !== "aws" ? { endpoint: config.dynamoEndpoint } : {}),
    });
  } else {
    local = await startLocalAws({
      dynamoPath: `${stateDir()}/intake-dynamodb`,
      tables: { incidents: INCIDENT_TABLE, checkpoints: config.checkpointTable },
    });
    client = local.dynamo;
  }
  let failed = 0;
  try {
    const store = new IncidentStore({ client, tableName: INCIDENT_TABLE });
    for (const path of paths) {
      const event = await readEventFile(path);
      const result = await processIntake(event, { store });
      if (!result.ok) {
        failed++;
        const e = result.error;
        process.stderr.write(`air: ${path}: ${e.message}\n  at ${e.path}\n  ${e.hint}\n`);
        for (const issue of e.issues.slice(1))
          process.stderr.write(`  also at ${issue.path}: ${issue.message}\n`);
        continue;
      }
      for (const d of result.decisions) {
        const incident = d.incident
          ? `${d.incident.id} (${d.incident.status}${d.incident.flapping ? ", flapping" : ""})`
          : "-";
        process.stdout.write(
          `${style("bold", path)}: ${result.kind} · ${d.alert.alarmName} ${d.alert.state} → ${style("cyan", d.kind)} ${incident}` +
            `${d.startRun ? style("green", " · a run is due") : ""}\n  ${style("dim", d.reason)}\n`,
        );
      }
    }
  } finally {
    if (local) await local.stop();
    else client.destroy();
  }
  if (failed > 0)
    throw new CliError(`${failed} of ${paths.length} event(s) rejected; nothing was recorded for them`, 2);
}
