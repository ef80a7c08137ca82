import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '@backend/platform';

// Names are string literals, not `new.target.name`: minified bundles rename classes.

/** A page cursor that was not issued for this query: forged, edited, truncated, or from another query. */
export class InvalidCursorError extends ValidationError {
  constructor(options: ErrorOptions = {}) {
    super('cursor is not valid for this query', { ...options, code: 'INVALID_CURSOR', field: 'cursor' });
    this.name = 'InvalidCursorError';
  }
}

/** A page size outside 1..the table's maximum. */
export class InvalidPageSizeError extends ValidationError {
  constructor(max: number) {
    super(`limit must be an integer from 1 to ${max}`, { code: 'INVALID_PAGE_SIZE', field: 'limit' });
    this.name = 'InvalidPageSizeError';
  }
}

/** The item changed since it was read (its version moved on): read it again and re-apply the change. */
export class VersionConflictError extends ConflictError {
  constructor(options: ErrorOptions = {}) {
    super('the item was changed by someone else', { ...options, code: 'VERSION_CONFLICT' });
    this.name = 'VersionConflictError';
  }
}

export class ObjectNotFoundError extends NotFoundError {
  constructor(options: ErrorOptions = {}) {
    super('object not found', { ...options, code: 'OBJECT_NOT_FOUND' });
    this.name = 'ObjectNotFoundError';
  }
}

/** An S3 object larger than the reader's cap: refused before or while it streams, never buffered whole. */
export class ObjectTooLargeError extends PayloadTooLargeError {
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`object is larger than ${maxBytes} bytes`, { code: 'OBJECT_TOO_LARGE' });
    this.name = 'ObjectTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/** Why a batch stopped with requests left. */
export type BatchStopReason = 'deadline' | 'retries-exhausted' | 'request-failed';

/**
 * A batch write or get stopped before every request was confirmed: nothing is dropped silently, `unprocessed`
 * holds every request not confirmed (write requests or keys; a write cut off in flight may still have landed,
 * and writing it again is harmless). A batch get also returns the items it did read in `items`.
 */
export class BatchIncompleteError<Request, Item = never> extends Error {
  readonly reason: BatchStopReason;
  readonly unprocessed: Request[];
  readonly items: Item[];

  constructor(reason: BatchStopReason, unprocessed: Request[], items: Item[], options: ErrorOptions = {}) {
    super(`batch stopped (${reason}) with ${unprocessed.length} request(s) not confirmed`, options);
    this.name = 'BatchIncompleteError';
    this.reason = reason;
    this.unprocessed = unprocessed;
    this.items = items;
  }
}
