import { describe, expect, it } from "vitest";
import type { LogEvent } from "../../../tools/domain/index.js";
import { analyseLogs } from "../analysis/analyse.js";
import { DrainTemplateMiner } from "../analysis/templates.js";
import { textForMining } from "./structured-line.js";

const at = (minute: number, message: string, level: LogEvent["level"] = "INFO"): LogEvent => ({
  time: new Date(Date.UTC(2026, 10, 26, 12, minute)).toISOString(),
  logGroup: "/ecs/api",
  stream: "",
  level,
  message,
});
const pino = (level: number, msg: string, extra = "") =>
  `{"level":${level},"time":1764158400000,"pid":7,"hostname":"api-1","msg":"${msg}"${extra}}`;

describe("structured (JSON) log lines", () => {
  it("reads a pino or zap line as level, message and fields, without time, pid or host", () => {
    expect(textForMining(pino(50, "pool acquire timed out", ',"db":"orders-db:5432"'))).toBe(
      "ERROR pool acquire timed out db=orders-db:5432",
    );
    expect(
      textForMining('{"level":"warn","ts":1.5,"caller":"a.go:1","msg":"slow","err":{"code":"ETIMEDOUT"}}'),
    ).toBe("WARN slow err.code=ETIMEDOUT");
    expect(textForMining("plain text line")).toBe("plain text line");
    expect(textForMining("{not json}")).toBe("{not json}");
  });

  it("a new failure logged as JSON stands out from the service's JSON chatter", () => {
    const baseline = Array.from({ length: 120 }, (_, i) =>
      at(i % 60, pino(30, `request served`, `,"path":"/v1/items/${i}"`)),
    );
    const incident = [
      ...Array.from({ length: 30 }, (_, i) =>
        at(60 + (i % 15), pino(30, "request served", `,"path":"/v1/items/${i}"`)),
      ),
      ...Array.from({ length: 12 }, (_, i) =>
        at(62 + i, pino(50, "write failed: no space left on device", ',"path":"/var/lib/data"'), "ERROR"),
      ),
    ];
    const findings = analyseLogs({
      incident,
      baseline,
      incidentMinutes: 15,
      baselineMinutes: 60,
      deployments: [],
      externalDependencies: [],
      miner: new DrainTemplateMiner(),
    });
    expect(findings.evidence[0]?.template).toContain("no space left on device");
    expect(findings.suggestedCategory).toBe("disk");
  });
});
