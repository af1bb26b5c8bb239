import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalServer, localAwsClientConfig, startLocalS3 } from "../../../tools/local-aws/servers.js";
import { createRetriever } from "../../retrieval/factory.js";
import { S3Source } from "./s3.js";

const BUCKET = "org-runbooks";
let server: LocalServer;
let client: S3Client;

function doc(id: string, pattern: string, title = `Organisation runbook ${id}`): string {
  return `---
id: ${id}
title: ${title}
services: [ledger]
category: database
signals:
  logPatterns: ["${pattern}"]
  resourceTypes: [rds-instance]
verification: ledger writes succeed
escalation: { team: ledger-oncall }
---
## Symptoms
The ledger stops accepting writes.
`;
}

const put = (key: string, body: string) =>
  client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: "text/markdown" }));

beforeAll(async () => {
  server = await startLocalS3({ buckets: [BUCKET] });
  client = new S3Client(localAwsClientConfig(server.endpoint));
  for (let i = 1; i <= 5; i++) await put(`runbooks/rb-${i}.md`, doc(`rb-${i}`, `ledger error ${i}`));
  await put("runbooks/README.md", "# index, not a runbook");
  await put("elsewhere/other.md", doc("other", "not under the prefix"));
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

describe("S3Source on s3rver", () => {
  // Pagination itself is covered by s3.test.ts: s3rver cannot return a truncated listing on Node 17+
  // (it encrypts continuation tokens with DES, which OpenSSL 3 no longer offers by default).
  it("reads each object once, and re-reads only objects whose ETag changed", async () => {
    const source = new S3Source({ client, bucket: BUCKET, prefix: "runbooks/" });
    const first = await source.refresh();
    expect(first.read).toBe(5);
    expect(first.added.sort()).toEqual(["rb-1", "rb-2", "rb-3", "rb-4", "rb-5"]);
    expect(source.runbooks()[0]).toMatchObject({
      source: "organisation",
      origin: "s3://org-runbooks/runbooks/rb-1.md",
    });

    expect((await source.refresh()).read).toBe(0);

    await put("runbooks/rb-2.md", doc("rb-2", "ledger error 2", "Renamed"));
    const second = await source.refresh();
    expect(second).toMatchObject({ read: 1, updated: ["rb-2"], added: [], removed: [] });
    expect(source.runbooks().find((r) => r.id === "rb-2")?.title).toBe("Renamed");

    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "runbooks/rb-5.md" }));
    expect(await source.refresh()).toMatchObject({ read: 0, removed: ["rb-5"] });
  });

  it("reports a broken object by its S3 location and field", async () => {
    await put("broken/bad.md", doc("bad", "x").replace("category: database", "category: 12"));
    const source = new S3Source({ client, bucket: BUCKET, prefix: "broken/" });
    const changes = await source.refresh();
    expect(changes.problems).toEqual([
      expect.objectContaining({ origin: "s3://org-runbooks/broken/bad.md", field: "category" }),
    ]);
    expect(source.runbooks()).toEqual([]);
  });

  it("serves organisation runbooks through the retriever and picks up changes on reload", async () => {
    const retriever = await createRetriever({ s3: { client, bucket: BUCKET, prefix: "runbooks/" } });
    try {
      const [hit] = await retriever.search({
        text: "ledger down",
        logTemplates: ["ledger error 3 on write <*>"],
      });
      expect(hit).toMatchObject({
        runbookId: "rb-3",
        source: "organisation",
        escalationTeam: "ledger-oncall",
      });

      await put("runbooks/rb-6.md", doc("rb-6", "ledger quorum lost"));
      expect(await retriever.search({ text: "x", logTemplates: ["ledger quorum lost"] })).toEqual([]);
      const changes = await retriever.reload();
      expect(changes.added.map((r) => r.id)).toEqual(["rb-6"]);
      const [fresh] = await retriever.search({ text: "x", logTemplates: ["ledger quorum lost"] });
      expect(fresh?.runbookId).toBe("rb-6");
    } finally {
      retriever.close();
    }
  });

  it("polls the prefix on an interval", async () => {
    const retriever = await createRetriever({
      builtIn: false,
      s3: { client, bucket: BUCKET, prefix: "runbooks/" },
      pollIntervalMs: 50,
    });
    try {
      const seen = new Promise<string[]>((resolve) =>
        retriever.library.onChange((c) => resolve(c.added.map((r) => r.id))),
      );
      await put("runbooks/rb-7.md", doc("rb-7", "ledger replica lag"));
      expect(await seen).toEqual(["rb-7"]);
      const [hit] = await retriever.search({ text: "x", logTemplates: ["ledger replica lag 40s"] });
      expect(hit?.runbookId).toBe("rb-7");
    } finally {
      retriever.close();
    }
  });
});
