import { NotFoundError } from '@backend/platform';
import type { BatchOptions, Item, Table } from '@backend/persistence';

// The upload records: one item per upload (sk `UPLOAD`) with its status and counts, and one item per row error
// (sk `ERROR#<row>`), so that a file with many bad rows never makes one item too large and the board can page
// through them while the file is still being read.

export type UploadStatus = 'awaiting-file' | 'processing' | 'complete' | 'rejected';

export interface UploadCounts {
  /** Data rows read. */
  rows: number;
  written: number;
  unchanged: number;
  superseded: number;
  /** Rows refused (schema, compact, duplicates): each has an error item. */
  invalid: number;
}

/** How far an ingest got: every row up to `row` written or recorded as an error, with the counts at that point. */
export interface Progress {
  readonly row: number;
  readonly counts: UploadCounts;
}

export interface RowError {
  /** 1 = the first row after the header; 0 = the file as a whole. */
  readonly row: number;
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
}

export interface UploadView {
  uploadId: string;
  compact: string;
  jurisdiction: string;
  status: UploadStatus;
  createdAt?: string;
  receivedAt?: string;
  completedAt?: string;
  counts?: UploadCounts;
  fileError?: { code: string; message: string; line?: number };
  lastFailure?: { code: string; message: string; at: string };
  /** While processing: how far the ingest got, with the counts so far. */
  progress?: Progress;
}

const RECORD_SK = 'UPLOAD';
const errorSk = (row: number) => `ERROR#${String(row).padStart(9, '0')}`;

export interface ClaimInput {
  uploadId: string;
  compact: string;
  jurisdiction: string;
  objectKey: string;
  size?: number;
  eTag?: string;
  /** The S3 event's time: the same on every delivery of the event. */
  receivedAt: string;
}

export class UploadStore {
  constructor(private readonly table: Table) {}

  /** The record of an upload URL handed out; the file has not arrived yet. */
  async createAwaiting(input: {
    uploadId: string;
    compact: string;
    jurisdiction: string;
    objectKey: string;
    requestedBy?: string;
    createdAt: string;
  }): Promise<void> {
    await this.table.putNew({ ...stripUndefined(input), sk: RECORD_SK, status: 'awaiting-file' });
  }

  /**
   * Marks the upload as being ingested, creating its record if the URL came from elsewhere. `done` when it is
   * complete or rejected already: a redelivered event, which must not ingest the file twice.
   */
  async claim(input: ClaimInput): Promise<{ state: 'done' } | { state: 'claimed'; progress?: Progress }> {
    const { uploadId, ...rest } = input;
    const claimed = await this.table.updateIf(
      { uploadId, sk: RECORD_SK },
      { ...stripUndefined(rest), status: 'processing' },
      {
        expression: 'attribute_not_exists(#id) OR #status IN (:awaiting, :processing)',
        names: { '#id': 'uploadId', '#status': 'status' },
        values: { ':awaiting': 'awaiting-file', ':processing': 'processing' },
      },
    );
    if (claimed === undefined) return { state: 'done' };
    const progress = claimed['progress'] as Progress | undefined;
    return progress === undefined ? { state: 'claimed' } : { state: 'claimed', progress };
  }

  /**
   * Notes that every row up to `row` is written and its errors recorded, with the counts so far: an attempt that
   * stops (the Lambda's deadline, DynamoDB failing) is resumed after that row, not from the top.
   */
  async checkpoint(uploadId: string, progress: Progress): Promise<void> {
    await this.table.updateIf({ uploadId, sk: RECORD_SK }, { progress }, processing);
  }

  /** Notes why this attempt failed (the file could not be read, DynamoDB kept failing); the event is retried. */
  async recordFailure(
    uploadId: string,
    failure: { code: string; message: string },
    at: string,
  ): Promise<void> {
    await this.table.updateIf({ uploadId, sk: RECORD_SK }, { lastFailure: { ...failure, at } }, processing);
  }

  async addRowErrors(
    uploadId: string,
    errors: readonly RowError[],
    options: BatchOptions = {},
  ): Promise<void> {
    if (errors.length === 0) return;
    await this.table.batchWrite(
      errors.map((e) => ({ put: { uploadId, sk: errorSk(e.row), ...stripUndefined({ ...e }) } })),
      options,
    );
  }

  async finish(uploadId: string, counts: UploadCounts, at: string): Promise<void> {
    await this.table.updateIf(
      { uploadId, sk: RECORD_SK },
      { status: 'complete', counts, completedAt: at },
      processing,
    );
  }

  async reject(
    uploadId: string,
    fileError: { code: string; message: string; line?: number },
    counts: UploadCounts,
    at: string,
  ): Promise<void> {
    await this.table.updateIf(
      { uploadId, sk: RECORD_SK },
      { status: 'rejected', fileError: stripUndefined(fileError), counts, completedAt: at },
      processing,
    );
  }

  /** The upload and one page of its row errors, in row order. NotFoundError unless it belongs to the compact and jurisdiction. */
  async read(
    uploadId: string,
    owner: { compact: string; jurisdiction: string },
    page: { cursor?: string; limit?: number } = {},
  ) {
    const record = await this.table.get({ uploadId, sk: RECORD_SK }, { consistent: true });
    if (
      record === undefined ||
      record['compact'] !== owner.compact ||
      record['jurisdiction'] !== owner.jurisdiction
    ) {
      throw new NotFoundError('no such upload for this compact and jurisdiction', {
        code: 'UPLOAD_NOT_FOUND',
      });
    }
    const errors = await this.table.query({
      keyCondition: '#id = :id AND begins_with(#sk, :error)',
      names: { '#id': 'uploadId', '#sk': 'sk' },
      values: { ':id': uploadId, ':error': 'ERROR#' },
      limit: page.limit ?? 100,
      ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
    });
    return {
      upload: viewOf(record),
      errors: errors.items.map(
        ({ row, line, field, message }: Item) => stripUndefined({ row, line, field, message }) as RowError,
      ),
      ...(errors.cursor === undefined ? {} : { cursor: errors.cursor }),
    };
  }
}

const processing = {
  expression: '#status = :processing',
  names: { '#status': 'status' },
  values: { ':processing': 'processing' },
};

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const VIEW_FIELDS = [
  'uploadId',
  'compact',
  'jurisdiction',
  'status',
  'createdAt',
  'receivedAt',
  'completedAt',
  'counts',
  'fileError',
  'lastFailure',
  'progress',
] as const satisfies readonly (keyof UploadView)[];

/** What a board sees of its upload record (not the lease or bookkeeping attributes). */
function viewOf(record: Item): UploadView {
  return Object.fromEntries(
    VIEW_FIELDS.filter((f) => record[f] !== undefined).map((f) => [f, record[f]]),
  ) as UploadView;
}
