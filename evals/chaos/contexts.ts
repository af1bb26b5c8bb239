/**
 * The worlds the chaos runs execute in: a clean one (checkpoints on dynalite, no faults) and faulted ones,
 * each with its own seeded fault schedules — one for the simulated account's ports (behind the retry
 * layer) and one inside the DynamoDB client the checkpoint saver uses (behind the SDK's own retries).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { DynamoDBSaver } from "../../graph/checkpoint/index.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { injectPortFaults } from "../../tools/faults/port-faults.js";
import { withRetries } from "../../tools/faults/retry.js";
import { FaultSchedule } from "../../tools/faults/schedule.js";
import { injectSdkFaults } from "../../tools/faults/sdk-faults.js";
import { localAwsClientConfig } from "../../tools/local-aws/servers.js";
import type { CrashRunContext } from "./crash-run.js";

/** SDK attempts per call in the chaos runs (the SDK's standard mode, with a short jittered backoff). */
export const CHAOS_SDK_ATTEMPTS = 6;

/** The SDK's standard retry strategy with full-jitter backoff scaled down (ms, not s) so runs stay quick. */
export function quickRetries(): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(
    CHAOS_SDK_ATTEMPTS,
    (attempt) => Math.random() * Math.min(50, 2 ** attempt),
  );
}

/** A 32-bit hash of a text, to derive per-scenario seeds. */
export function seedOf(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export interface ChaosWorld {
  endpoint: string;
  tableName: string;
  retriever: RunbookRetriever;
}

/** A context with no faults: the truth every other run is compared with. */
export function cleanContext(world: ChaosWorld): CrashRunContext & { dispose(): void } {
  const client = new DynamoDBClient(localAwsClientConfig(world.endpoint));
  return {
    retriever: world.retriever,
    saver: () => new DynamoDBSaver({ client, tableName: world.tableName }),
    dispose: () => client.destroy(),
  };
}

/** A faulted context: fresh schedules from `seed`, so two contexts with one seed draw the same faults. */
export function faultedContext(
  world: ChaosWorld,
  seed: number,
): CrashRunContext & { dispose(): void; ports: FaultSchedule; sdk: FaultSchedule } {
  const ports = new FaultSchedule(seed);
  const sdk = new FaultSchedule(seed ^ 0x5bd1e995);
  const client = new DynamoDBClient({
    ...localAwsClientConfig(world.endpoint),
    retryStrategy: quickRetries(),
  });
  injectSdkFaults(client, sdk);
  return {
    retriever: world.retriever,
    saver: () => new DynamoDBSaver({ client, tableName: world.tableName }),
    decoratePorts: (p) => {
      injectPortFaults(p, ports);
      withRetries(p, { maxAttempts: 6, baseMs: 1, capMs: 20 });
    },
    dispose: () => client.destroy(),
    ports,
    sdk,
  };
}
