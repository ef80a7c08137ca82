import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Table } from '@backend/persistence';
import { TooManyRequestsError } from '@backend/platform';

/** Another writer held the jurisdiction's lease for as long as this one could wait: try again shortly. */
export class LeaseBusyError extends TooManyRequestsError {
  constructor() {
    super('another upload of this jurisdiction is being written; try again shortly', {
      code: 'JURISDICTION_BUSY',
    });
    this.name = 'LeaseBusyError';
  }
}

export interface LeaseOptions {
  /** How long a holder may keep the lease without releasing it (a crashed holder frees it after this). */
  readonly ttlMs?: number;
  /** How long a writer waits for the lease before LeaseBusyError. */
  readonly waitMs?: number;
}

/**
 * One writer at a time per compact and jurisdiction, for the length of one batch: the licenses of a jurisdiction
 * are written by its own uploads only, so while a batch holds the lease nobody else can change what it read, and
 * its batch writes (which take no conditions) cannot replace a newer report. A lease item in the uploads table,
 * taken with a conditional update; it expires after `ttlMs`, so a holder that died frees it.
 */
export class JurisdictionLeases {
  private readonly ttlMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly table: Table,
    options: LeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.waitMs = options.waitMs ?? 120_000;
  }

  /** `waitMs`, when given, is this caller's own limit on the wait (a request that must answer within its timeout). */
  async withLease<T>(
    compact: string,
    jurisdiction: string,
    waitMs: number | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    const key = { uploadId: `LEASE#${compact}#${jurisdiction}`, sk: 'LEASE' };
    const holder = randomUUID();
    const until = Date.now() + (waitMs ?? this.waitMs);
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      const taken = await this.table.updateIf(
        key,
        { holder, expiresAt: now + this.ttlMs },
        {
          expression: 'attribute_not_exists(#id) OR #expires < :now',
          names: { '#id': 'uploadId', '#expires': 'expiresAt' },
          values: { ':now': now },
        },
      );
      if (taken !== undefined) break;
      if (now > until) throw new LeaseBusyError();
      await sleep(Math.random() * Math.min(200, 10 * 2 ** attempt));
    }
    try {
      return await work();
    } finally {
      await this.table
        .updateIf(
          key,
          { expiresAt: 0 },
          { expression: '#holder = :me', names: { '#holder': 'holder' }, values: { ':me': holder } },
        )
        .catch(() => undefined); // it expires anyway
    }
  }
}
