export type { DynamoIo, Item } from "./dynamo.js";
export {
  CheckpointCredentialsError,
  CheckpointItemTooLargeError,
  CheckpointOffloadError,
  CheckpointTableNotFoundError,
  DYNAMODB_ITEM_LIMIT_BYTES,
} from "./errors.js";
export { DEFAULT_TTL_SECONDS, DynamoDBSaver, type DynamoDBSaverOptions } from "./saver.js";
export {
  DEFAULT_COMPRESS_MIN_BYTES,
  DEFAULT_OFFLOAD_THRESHOLD_BYTES,
  type S3OffloadOptions,
} from "./serialization/offload.js";
export {
  type CreateCheckpointTableOptions,
  type CreateCheckpointTableResult,
  createCheckpointTable,
} from "./table.js";
