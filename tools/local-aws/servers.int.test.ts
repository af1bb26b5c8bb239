import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { ensureTable } from "../aws-shared/table.js";
import { DEFAULT_TABLE_NAMES, TABLE_SHAPES } from "../aws-shared/tables.js";
import { startLocalAws } from "./servers.js";

describe("startLocalAws", () => {
  it("starts dynalite and s3rver and creates every table the app uses", async () => {
    const aws = await startLocalAws({ tables: { incidents: "my-incidents" }, buckets: ["b"] });
    try {
      const listed = await aws.dynamo.send(new ListTablesCommand({}));
      expect(listed.TableNames?.sort()).toEqual(
        Object.values({ ...DEFAULT_TABLE_NAMES, incidents: "my-incidents" }).sort(),
      );
      // One "already exists" rule: a second create is a no-op, not an error.
      expect(await ensureTable(aws.dynamo, "my-incidents", TABLE_SHAPES.incidents)).toEqual({
        created: false,
        ttlEnabled: false,
      });
    } finally {
      await aws.stop();
    }
  });
});
