import { validate } from "@langchain/langgraph-checkpoint-validation";
import type { DynamoDBSaver } from "./saver.js";
import { LocalAws } from "./test-support.js";

// The spec suite needs isolated storage per checkpointer: every saver gets a fresh table.
const plain = new LocalAws();
validate<DynamoDBSaver>({
  checkpointerName: "DynamoDBSaver",
  beforeAllTimeout: 30_000,
  beforeAll: () => plain.start(),
  afterAll: () => plain.stop(),
  createCheckpointer: () => plain.newSaver(),
  destroyCheckpointer: (saver) => plain.dropTable(saver.tableName),
});

// The same contract with every payload gzipped and offloaded to S3, and one item per Query/Scan
// page, so pagination and the offload path are exercised by every spec case.
const stressed = new LocalAws();
validate<DynamoDBSaver>({
  checkpointerName: "DynamoDBSaver[pageSize=1,offload=all,gzip]",
  beforeAllTimeout: 30_000,
  beforeAll: () => stressed.start({ s3: true }),
  afterAll: () => stressed.stop(),
  createCheckpointer: () =>
    stressed.newSaver({
      pageSize: 1,
      s3: stressed.s3Options(),
      offloadThresholdBytes: 0,
      compress: true,
      compressMinBytes: 0,
    }),
  destroyCheckpointer: (saver) => stressed.dropTable(saver.tableName),
});
