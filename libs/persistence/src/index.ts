export { BATCH_GET_LIMIT, BATCH_WRITE_LIMIT, splitIntoBatches, type BatchOptions } from './batch.js';
export { MAX_CURSOR_LENGTH } from './cursor.js';
export { createDocumentClient } from './dynamodb.js';
export {
  BatchIncompleteError,
  InvalidCursorError,
  InvalidPageSizeError,
  ObjectNotFoundError,
  ObjectTooLargeError,
  VersionConflictError,
  type BatchStopReason,
} from './errors.js';
export {
  ObjectStore,
  createS3Client,
  type ObjectStoreOptions,
  type ObjectStream,
  type PresignedPost,
  type PresignedPostInput,
  type ReadOptions,
  type S3ClientOptions,
} from './object-store.js';
export { RateLimiter, type RateLimit, type RateLimiterOptions } from './rate-limit.js';
export {
  Table,
  type Item,
  type Key,
  type Page,
  type QueryInput,
  type TableOptions,
  type WriteRequest,
} from './table.js';
