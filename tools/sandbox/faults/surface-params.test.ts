/**
 * Fault parameters that put a known fault on another surface: a POST credential-stuffing flood, an ETL
 * loop over CSV keys, a Redis cut-off seen from a Node.js service. The defaults keep the older scenarios'
 * logs as they were.
 */
import { resolve } from "node:path";
import type { Sandbox } from "../index.js";
import { createSandbox, loadScenario } from "../index.js";
import { latestMetric, logText } from "../test-support.js";

const dir = resolve(import.meta.dirname, "../../../evals/scenarios");

function atAlarm(name: string): Sandbox {
  const sb = createSandbox(loadScenario(resolve(dir, `${name}.yaml`)));
  expect(sb.runUntilAlarm().some((e) => e.detail.state.value === "ALARM")).toBe(true);
  return sb;
}

describe("fault surfaces", () => {
  it("bot-flood with method POST logs form posts with their status, no search query", async () => {
    const text = await logText(atAlarm("credential-stuffing-login"), "accounts");
    expect(text).toMatch(/POST \/login 401 \d+ms client=185\.220\.101\.\d+/);
    expect(text).not.toContain("/login?q=");
  });

  it("bot-flood's default is still a GET search flood", async () => {
    expect(await logText(atAlarm("bot-flood"), "web")).toMatch(/GET \/api\/v1\/search\?q=\w+&page=\d+ 200/);
  });

  it("recursive-lambda-loop reads and writes the keys it is given, in the same bucket", async () => {
    const sb = atAlarm("recursive-lambda-loop-etl");
    expect(await logText(sb, "data-platform")).toMatch(
      /Processing s3:\/\/data-landing\/incoming\/partner-feed-\d+\.csv -> writing normalized rows to s3:\/\/data-landing\/incoming\/normalized\/partner-feed-\d+\.csv/,
    );
    expect(
      await latestMetric(
        sb,
        "AWS/Lambda",
        "ConcurrentExecutions",
        { FunctionName: "csv-normalizer" },
        "Maximum",
      ),
    ).toBeGreaterThan(40);
  });

  it("cache-security-group-rule-removed: ioredis connect timeouts in JSON and the cache's connections drain", async () => {
    const sb = atAlarm("security-group-redis-rule-removed");
    const text = await logText(sb, "sessions");
    expect(text).toContain('"code":"ETIMEDOUT","syscall":"connect","address":"10.30.21.47","port":6379');
    expect(
      await latestMetric(
        sb,
        "AWS/ElastiCache",
        "CurrConnections",
        { CacheClusterId: "sessions-redis-001" },
        "Average",
      ),
    ).toBeLessThan(100);
  });
});
