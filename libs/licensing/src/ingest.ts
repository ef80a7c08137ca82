import { isCompact, isJurisdiction, type Compact } from '@backend/contracts';
import type { S3ObjectEvent } from '@backend/platform';
import {
  ObjectNotFoundError,
  ObjectTooLargeError,
  type BatchOptions,
  type ObjectStore,
} from '@backend/persistence';
import { readLicenseCsv } from './csv.js';
import { UploadFileError, UploadKeyError } from './errors.js';
import { LicensesNotWrittenError, type LicenseRow, type LicenseStore } from './license-store.js';
import type { RowError, UploadCounts, UploadStore } from './upload-store.js';

/** The largest file a board may upload (the pre-signed POST's limit); a larger object is refused unread. */
export const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;
/** Rows upserted together: one BatchGetItem round and a few BatchWriteItem requests at once. */
const ROWS_PER_BATCH = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `{compact}/{jurisdiction}/{uploadId}`: where the upload URL puts a board's file. */
export function parseUploadKey(key: string): { compact: Compact; jurisdiction: string; uploadId: string } {
  const [compact, jurisdiction, uploadId, ...rest] = key.split('/');
  if (
    rest.length > 0 ||
    compact === undefined ||
    !isCompact(compact) ||
    jurisdiction === undefined ||
    !isJurisdiction(jurisdiction) ||
    uploadId === undefined ||
    !UUID.test(uploadId)
  ) {
    throw new UploadKeyError('the object key is not {compact}/{jurisdiction}/{uploadId}');
  }
  return { compact, jurisdiction, uploadId };
}

export const uploadKey = (compact: string, jurisdiction: string, uploadId: string) =>
  `${compact}/${jurisdiction}/${uploadId}`;

/** Why an attempt failed, in words for the board; the error itself goes to the log, redacted. */
function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof LicensesNotWrittenError) {
    return {
      code: 'WRITE_INCOMPLETE',
      message: 'DynamoDB did not confirm every write; the file will be read again',
    };
  }
  if (error instanceof ObjectNotFoundError) {
    return { code: 'FILE_NOT_FOUND', message: 'the file is not in the bucket; it will be looked for again' };
  }
  return { code: 'FILE_UNREADABLE', message: 'the file could not be read; it will be read again' };
}

export interface IngestDependencies {
  readonly uploads: UploadStore;
  readonly licenses: LicenseStore;
  readonly objects: ObjectStore;
  /** The Lambda's deadline: batches stop in time and the event is retried, resuming where it stopped. */
  readonly batch?: BatchOptions;
  readonly now?: () => Date;
}

export type IngestResult =
  | { readonly outcome: 'already-done'; readonly uploadId: string }
  | { readonly outcome: 'complete' | 'rejected'; readonly uploadId: string; readonly counts: UploadCounts };

/**
 * Ingests one uploaded license file: claims its upload record (a file done already is not ingested again),
 * streams and checks every row, upserts the valid ones in batches and records every row error. A file that is not
 * license CSV is `rejected` with its reason and line. A file that cannot be read (S3 failing, DynamoDB failing
 * past its retries) throws after noting the reason on the record: the queue retries the event, the rows written
 * already are recognised and not written twice, and after the last receive the event rests in the DLQ.
 */
export async function ingestUpload(event: S3ObjectEvent, deps: IngestDependencies): Promise<IngestResult> {
  const { compact, jurisdiction, uploadId } = parseUploadKey(event.key);
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const claim = await deps.uploads.claim({
    uploadId,
    compact,
    jurisdiction,
    objectKey: event.key,
    receivedAt: event.eventTime,
    ...(event.size === undefined ? {} : { size: event.size }),
    ...(event.eTag === undefined ? {} : { eTag: event.eTag }),
  });
  if (claim.state === 'done') return { outcome: 'already-done', uploadId };

  // A retried attempt resumes after the last checkpoint: the rows before it are read but not written again.
  const resumeAfter = claim.progress?.row ?? 0;
  const counts: UploadCounts = {
    ...(claim.progress?.counts ?? { rows: 0, written: 0, unchanged: 0, superseded: 0, invalid: 0 }),
  };
  const reject = async (error: UploadFileError) => {
    const fileError = {
      code: error.code,
      message: error.message,
      ...(error.line === undefined ? {} : { line: error.line }),
    };
    await deps.uploads.reject(uploadId, fileError, counts, now());
    return { outcome: 'rejected' as const, uploadId, counts };
  };
  if (event.size === 0) return reject(new UploadFileError('EMPTY_FILE', 'the file is empty'));
  if (event.size !== undefined && event.size > MAX_UPLOAD_BYTES) {
    return reject(new UploadFileError('FILE_TOO_LARGE', `the file is larger than ${MAX_UPLOAD_BYTES} bytes`));
  }

  const context = { compact, jurisdiction, uploadId, dateOfUpdate: event.eventTime };
  let pending: LicenseRow[] = [];
  let errors: RowError[] = [];
  let lastRow = resumeAfter;
  const flush = async () => {
    const rows = pending;
    pending = [];
    if (rows.length === 0 && errors.length === 0) return;
    const outcome = await deps.licenses.upsert(rows, context, deps.batch);
    counts.written += outcome.written;
    counts.unchanged += outcome.unchanged;
    counts.superseded += outcome.superseded;
    counts.invalid += outcome.duplicates.length;
    errors.push(...outcome.duplicates.map(({ problem, ...where }) => ({ ...where, ...problem })));
    await deps.uploads.addRowErrors(uploadId, errors, deps.batch);
    errors = [];
    await deps.uploads.checkpoint(uploadId, { row: lastRow, counts });
  };

  try {
    const { body } = await deps.objects.stream(event.key, { maxBytes: MAX_UPLOAD_BYTES });
    for await (const row of readLicenseCsv(body, compact)) {
      if (row.row <= resumeAfter) continue;
      lastRow = row.row;
      counts.rows++;
      if ('problem' in row) {
        counts.invalid++;
        errors.push({ row: row.row, line: row.line, ...row.problem });
      } else {
        pending.push(row);
      }
      if (pending.length >= ROWS_PER_BATCH || errors.length >= ROWS_PER_BATCH) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof UploadFileError) {
      // The rows before the broken line are kept (and counted); the record says where the file broke.
      await flush();
      return reject(error);
    }
    if (error instanceof ObjectTooLargeError) {
      return reject(
        new UploadFileError('FILE_TOO_LARGE', `the file is larger than ${MAX_UPLOAD_BYTES} bytes`),
      );
    }
    // Noted for the board (no detail of the error: it may quote data); failing to note it must not hide the error.
    await deps.uploads.recordFailure(uploadId, failureOf(error), now()).catch(() => undefined);
    throw error;
  }
  await deps.uploads.finish(uploadId, counts, now());
  return { outcome: 'complete', uploadId, counts };
}
