import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { S3Source } from "./s3.js";

const s3 = mockClient(S3Client);

/** The only part of a GetObject body the source uses. */
function body(text: string) {
  return { transformToString: async () => text } as never;
}

function doc(id: string): string {
  return `---
id: ${id}
title: Runbook ${id}
services: "*"
category: disk
signals: { logPatterns: ["disk full ${id}"] }
verification: ok
escalation: { team: ops }
---
## Symptoms
`;
}

beforeEach(() => s3.reset());

describe("S3Source pagination (mocked S3)", () => {
  it("follows continuation tokens across pages and skips non-runbook keys", async () => {
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
      Contents: [
        { Key: "rb/a.md", ETag: '"1"' },
        { Key: "rb/README.md", ETag: '"r"' },
      ],
      IsTruncated: true,
      NextContinuationToken: "page-2",
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: "page-2" }).resolves({
      Contents: [
        { Key: "rb/b.md", ETag: '"2"' },
        { Key: "rb/notes.txt", ETag: '"n"' },
      ],
      IsTruncated: false,
    });
    s3.on(GetObjectCommand, { Key: "rb/a.md" }).callsFake(() => ({ Body: body(doc("a")) }));
    s3.on(GetObjectCommand, { Key: "rb/b.md" }).callsFake(() => ({ Body: body(doc("b")) }));

    const source = new S3Source({
      client: new S3Client({ region: "us-east-1" }),
      bucket: "kb",
      prefix: "rb/",
      pageSize: 2,
    });
    const changes = await source.refresh();
    expect(changes.added.sort()).toEqual(["a", "b"]);
    const lists = s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(lists).toEqual([
      { Bucket: "kb", Prefix: "rb/", ContinuationToken: undefined, MaxKeys: 2 },
      { Bucket: "kb", Prefix: "rb/", ContinuationToken: "page-2", MaxKeys: 2 },
    ]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2);
  });
});
