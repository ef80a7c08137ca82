import type { License } from '@backend/contracts';
import {
  BatchIncompleteError,
  type BatchOptions,
  type Item,
  type Key,
  type Table,
  type WriteRequest,
} from '@backend/persistence';
import type { LicensingKeys } from './keys.js';
import type { JurisdictionLeases } from './lease.js';
import { licenseRecords, PROVIDER_SK, type UpdateContext } from './records.js';
import { duplicateKey, type FieldProblem } from './validate.js';

/** One valid license to upsert; `row` numbers it within its upload (the array index + 1 for the API). */
export interface LicenseRow {
  readonly row: number;
  /** The file's line the row ends on (CSV only). */
  readonly line?: number;
  readonly license: License;
}

export interface UpsertOutcome {
  /** New or changed licenses: the license, a history entry and the provider written. */
  written: number;
  /** Licenses that say what is stored already: nothing changed but the note of which upload last sent them. */
  unchanged: number;
  /** Licenses a newer upload already changed: kept in the history only, the newer values stay. */
  superseded: number;
  /** Rows refused because an earlier row of the same upload has the same SSN and license type. */
  duplicates: { row: number; line?: number; problem: FieldProblem }[];
}

/** The rows whose writes were not confirmed (DynamoDB kept failing or the deadline came): send them again. */
export class LicensesNotWrittenError extends Error {
  readonly rows: number[];

  constructor(rows: number[], options: ErrorOptions = {}) {
    super(`${rows.length} licenses were not confirmed written`, options);
    this.name = 'LicensesNotWrittenError';
    this.rows = rows;
  }
}

/** The order of reports of one license or provider: by the update's time, then by upload id (a tie breaks alike everywhere). */
const isNewer = (stored: Item, context: UpdateContext): boolean =>
  (stored['reportedAt'] as string) > context.dateOfUpdate ||
  (stored['reportedAt'] === context.dateOfUpdate && (stored['uploadId'] as string) > context.uploadId);

const lineOf = (row: { line?: number | undefined }) => (row.line === undefined ? {} : { line: row.line });

const duplicateProblem = (firstRow: number): FieldProblem => ({
  message: `the same ssn and licenseType as row ${firstRow}; the first is kept`,
});

/**
 * Upserts licenses into the providers table in batches, holding the jurisdiction's lease: reads what is stored
 * (one BatchGetItem per 100 keys), decides per license, and writes with BatchWriteItem (split to 25, unprocessed
 * items retried). Safe to repeat: every item's key is fixed by the license and the upload, so a repeated row
 * writes the same items again, and a license whose content is stored already gets no new history entry.
 */
export class LicenseStore {
  constructor(
    private readonly table: Table,
    private readonly keys: LicensingKeys,
    private readonly leases: JurisdictionLeases,
  ) {}

  /** `leaseWaitMs`: how long to wait for the jurisdiction's lease before LeaseBusyError (2 minutes by default). */
  async upsert(
    rows: readonly LicenseRow[],
    context: UpdateContext,
    { leaseWaitMs, ...options }: BatchOptions & { leaseWaitMs?: number } = {},
  ): Promise<UpsertOutcome> {
    const keys = this.keys;
    const outcome: UpsertOutcome = { written: 0, unchanged: 0, superseded: 0, duplicates: [] };
    // Duplicates inside these rows: the first wins.
    const firstRowOf = new Map<string, number>();
    const candidates: (LicenseRow & { records: ReturnType<typeof licenseRecords> })[] = [];
    for (const row of rows) {
      const id = duplicateKey(row.license);
      const first = firstRowOf.get(id);
      if (first !== undefined) {
        outcome.duplicates.push({ row: row.row, ...lineOf(row), problem: duplicateProblem(first) });
        continue;
      }
      firstRowOf.set(id, row.row);
      candidates.push({ ...row, records: licenseRecords(row.license, context, row.row, keys) });
    }
    if (candidates.length === 0) return outcome;

    // One writer per jurisdiction while it reads and writes: what it read stays true until its writes land.
    await this.leases.withLease(context.compact, context.jurisdiction, leaseWaitMs, async () => {
      const keyOf = (item: Item): Key => ({ pk: item['pk'] as string, sk: item['sk'] as string });
      const id = (key: Key) => `${key['pk']}\u0000${key['sk']}`;
      const stored = new Map<string, Item>();
      const lookups = candidates.flatMap((c) => [
        keyOf(c.records.licenseItem),
        { pk: c.records.pk, sk: PROVIDER_SK },
      ]);
      let read: Item[];
      try {
        read = await this.table.batchGet(lookups, { ...options, consistent: true });
      } catch (error) {
        // Nothing of these rows is written yet: all of them are to be sent again.
        if (!(error instanceof BatchIncompleteError)) throw error;
        throw new LicensesNotWrittenError(
          candidates.map((c) => c.row),
          { cause: error },
        );
      }
      for (const item of read) stored.set(id(keyOf(item)), item);

      const writes: WriteRequest[] = [];
      const rowOfWrite = new Map<WriteRequest, number>();
      const add = (item: Item, row: number) => {
        const request: WriteRequest = { put: item };
        writes.push(request);
        rowOfWrite.set(request, row);
      };
      const newProviders = new Set<string>();
      for (const { row, line, records } of candidates) {
        const current = stored.get(id(keyOf(records.licenseItem)));
        const mine = current?.['uploadId'] === context.uploadId;
        if (mine && (current['uploadRow'] as number) < row) {
          outcome.duplicates.push({
            row,
            ...lineOf({ line }),
            problem: duplicateProblem(current['uploadRow'] as number),
          });
          continue;
        }
        if (mine && current['uploadRow'] === row && current['outcome'] === 'unchanged') {
          // This upload was here before (a redelivery or a resumed file): it found the license unchanged then.
          outcome.unchanged++;
          continue;
        }
        if (!mine && current !== undefined && isNewer(current, context)) {
          // A newer upload reported this license already: keep this update in the history, not over the newer one.
          add(records.historyItem, row);
          outcome.superseded++;
          continue;
        }
        if (!mine && current?.['contentHash'] === records.hash) {
          // The same content again: only note which upload (and row) last sent it, so a later duplicate is seen.
          add(
            {
              ...current,
              uploadId: context.uploadId,
              uploadRow: row,
              outcome: 'unchanged',
              reportedAt: context.dateOfUpdate,
            },
            row,
          );
          outcome.unchanged++;
          continue;
        }
        add(records.licenseItem, row);
        add(records.historyItem, row);
        // The identity item, once: every board's report of it is the same (only the seal's random IV differs).
        if (!stored.has(id({ pk: records.pk, sk: PROVIDER_SK })) && !newProviders.has(records.pk)) {
          newProviders.add(records.pk);
          add(records.providerItem, row);
        }
        outcome.written++;
      }
      try {
        await this.table.batchWrite(writes, { concurrency: 8, ...options });
      } catch (error) {
        if (!(error instanceof BatchIncompleteError)) throw error;
        const failed = new Set((error.unprocessed as WriteRequest[]).map((r) => rowOfWrite.get(r) ?? 0));
        throw new LicensesNotWrittenError(
          [...failed].sort((a, b) => a - b),
          { cause: error },
        );
      }
    });
    return outcome;
  }
}
