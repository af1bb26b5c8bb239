/** The S3 adapters on s3rver. (s3rver ignores If-None-Match; the race itself is tested in audit.test.ts.) */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { firstBrokenLink } from "../local/hash-chain.js";
import { type LocalServer, localAwsClientConfig, startLocalS3 } from "../local-aws/servers.js";
import { S3Audit } from "./audit.js";
import { S3Reports } from "./reports.js";

let s3server: LocalServer;
let client: S3Client;

beforeAll(async () => {
  s3server = await startLocalS3({ buckets: ["air-audit"] });
  client = new S3Client(localAwsClientConfig(s3server.endpoint));
});
afterAll(async () => {
  client?.destroy();
  await s3server?.stop();
});

describe("S3 adapters on s3rver", () => {
  it("appends and lists a hash-chained audit trail, one object per record", async () => {
    const audit = new S3Audit(client, "air-audit");
    for (let i = 0; i < 7; i++) {
      await audit.append({
        incidentId: "inc-7",
        time: new Date(Date.UTC(2026, 2, 1, 12, i)).toISOString(),
        actor: "graph",
        kind: "note",
        summary: `s${i}`,
      });
    }
    // A fresh writer (another Lambda) continues the chain from what is stored.
    const next = await new S3Audit(client, "air-audit").append({
      incidentId: "inc-7",
      time: "2026-03-01T13:00:00.000Z",
      actor: "cli",
      kind: "approval",
      summary: "approved",
    });
    expect(next.seq).toBe(7);
    const records = await audit.list("inc-7");
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(firstBrokenLink(records)).toBe(-1);
    expect(await audit.list("inc-none")).toEqual([]);
  });

  it("stores a report and returns its s3:// URI", async () => {
    const uri = await new S3Reports(client, "air-audit", "prod/").write(
      "inc-7",
      "# Incident inc-7\n\nResolved.\n",
    );
    expect(uri).toBe("s3://air-audit/prod/reports/inc-7.md");
    const res = await client.send(
      new GetObjectCommand({ Bucket: "air-audit", Key: "prod/reports/inc-7.md" }),
    );
    expect(await res.Body?.transformToString()).toBe("# Incident inc-7\n\nResolved.\n");
    expect(res.ContentType).toContain("text/markdown");
  });

  it("explains a missing bucket", async () => {
    await expect(new S3Reports(client, "no-such-bucket").write("inc-1", "x")).rejects.toThrow(
      /s3:\/\/no-such-bucket\/reports\/inc-1\.md was not found/,
    );
  });
});
