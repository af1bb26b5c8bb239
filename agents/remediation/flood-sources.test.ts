/**
 * Flood-source measurement under attack: only the client address WAF recorded for an allowed request counts,
 * only a concentrated share makes a source, and no never-block, private or special address can come out,
 * whatever the records' other fields or other log groups say.
 */
import { describe, expect, it } from "vitest";
import type { LogEvent } from "../../tools/domain/index.js";
import { measureFloodSources } from "./flood-sources.js";

let n = 0;
function record(clientIp: string, extra: Record<string, unknown> = {}, action = "ALLOW"): LogEvent {
  n += 1;
  return {
    time: new Date(Date.UTC(2024, 0, 1, 0, 0, n % 60)).toISOString(),
    logGroup: "aws-waf-logs-edge",
    stream: "",
    message: JSON.stringify({
      action,
      httpRequest: { clientIp, headers: [{ name: "User-Agent", value: "x" }], uri: "/", ...extra },
    }),
  };
}

/** `users` ordinary clients sending one request each, plus `flood` requests from each given address. */
function traffic(users: number, flooders: Record<string, number>): LogEvent[] {
  const out: LogEvent[] = [];
  for (let i = 0; i < users; i++) out.push(record(`81.${(i >> 8) & 255}.${i & 255}.${(i % 200) + 1}`));
  for (const [ip, count] of Object.entries(flooders)) for (let i = 0; i < count; i++) out.push(record(ip));
  return out;
}

describe("measureFloodSources", () => {
  it("finds the few clients that send most of the requests", () => {
    const m = measureFloodSources(traffic(100, { "198.51.100.23": 60, "203.0.113.77": 50 }), []);
    expect(m).toMatchObject({ found: true, sources: ["198.51.100.23/32", "203.0.113.77/32"] });
  });

  it("finds nothing in broad traffic, however large", () => {
    const m = measureFloodSources(traffic(2000, {}), []);
    expect(m.found).toBe(false);
  });

  it("needs enough records to call it a measurement", () => {
    expect(measureFloodSources(traffic(10, { "198.51.100.23": 40 }), []).found).toBe(false);
  });

  it("never reads an address from headers, the URI or other fields", () => {
    const hostile = Array.from({ length: 300 }, () =>
      record("81.1.1.1", {
        headers: [{ name: "X-Forwarded-For", value: "0.0.0.0/0, 52.20.14.7, 10.0.0.1" }],
        uri: '/?"clientIp":"52.20.14.7"',
        args: "clientIp=0.0.0.0",
      }),
    );
    const m = measureFloodSources([...traffic(100, {}), ...hostile], []);
    expect(m).toMatchObject({ found: true, sources: ["81.1.1.1/32"] });
  });

  it("ignores records that are not WAF JSON with a plain IPv4 client address", () => {
    const junk: LogEvent[] = [
      ...Array.from({ length: 200 }, () => ({
        time: "2024-01-01T00:00:00Z",
        logGroup: "/aws/ec2/web",
        stream: "",
        message: 'GET / 200 client=52.20.14.7 {"action":"ALLOW","httpRequest":{"clientIp":"9.9.9.9"}}',
      })),
      ...Array.from({ length: 200 }, () => record("0.0.0.0/0")),
      ...Array.from({ length: 200 }, () => record("198.51.100.023")),
      ...Array.from({ length: 200 }, () => record(" 198.51.100.9")),
    ];
    const m = measureFloodSources([...traffic(150, {}), ...junk], []);
    expect(m.found).toBe(false);
  });

  it("never proposes our own NAT or load balancer addresses, partners or private ranges", () => {
    const ours = measureFloodSources(traffic(100, { "52.20.14.7": 200 }), ["52.20.14.0/28"]);
    expect(ours).toMatchObject({ found: false, reason: expect.stringContaining("never-block") });
    for (const special of ["10.0.0.5", "172.16.3.4", "192.168.1.1", "127.0.0.1", "0.0.0.0", "100.64.0.9"]) {
      const m = measureFloodSources(traffic(100, { [special]: 200 }), []);
      expect(m, special).toMatchObject({ found: false });
    }
  });

  it("counts only requests the web ACL let through (a blocked source is not blocked twice)", () => {
    const blocked = Array.from({ length: 200 }, () => record("198.51.100.23", {}, "BLOCK"));
    const m = measureFloodSources([...traffic(150, { "203.0.113.77": 100 }), ...blocked], [], []);
    expect(m).toMatchObject({ found: true, sources: ["203.0.113.77/32"] });
    const again = measureFloodSources(traffic(150, { "203.0.113.77": 100 }), [], ["203.0.113.77/32"]);
    expect(again).toMatchObject({ found: false, reason: expect.stringContaining("already blocked") });
  });
});
