import { createHash } from 'node:crypto';
import { TooManyRequestsError } from '@backend/platform';
import type { Table } from './table.js';

/** A budget of `max` events per fixed window of `windowSeconds`, counted per subject (an address, a client IP). */
export interface RateLimit {
  /** Part of the counter's key: `login-failures`, `ip:login`. */
  readonly name: string;
  readonly max: number;
  readonly windowSeconds: number;
}

export interface RateLimiterOptions {
  /** The rate-limit table: partition key `key`, TTL attribute `expiresAt`. */
  readonly table: Table;
  /** Seconds since the epoch; injectable so that tests can move time. */
  readonly now?: () => number;
}

/** How long an expired window's counter stays readable before DynamoDB's TTL may delete it. */
const EXPIRY_SLACK_SECONDS = 60;

/**
 * Fixed-window counters in DynamoDB: one item per limit, subject and window, incremented atomically
 * (`Table#increment`) and deleted by the table's TTL after the window (DynamoDB deletes lazily, so the window is
 * part of the key and an old item is never read as current). Subjects are stored as SHA-256 digests: the table
 * needs to tell addresses apart, not to hold them.
 */
export class RateLimiter {
  private readonly table: Table;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    this.table = options.table;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  private window(limit: RateLimit, subject: string) {
    const now = this.now();
    const start = Math.floor(now / limit.windowSeconds) * limit.windowSeconds;
    const digest = createHash('sha256').update(subject, 'utf8').digest('base64url');
    return {
      key: { key: `${limit.name}#${digest}#${start}` },
      expiresAt: start + limit.windowSeconds + EXPIRY_SLACK_SECONDS,
      retryAfter: Math.max(1, start + limit.windowSeconds - now),
    };
  }

  private refuse(retryAfter: number): never {
    throw new TooManyRequestsError(`Too many attempts: try again in ${retryAfter} seconds`, {
      code: 'RATE_LIMITED',
    });
  }

  /** Counts one event; TooManyRequestsError (429) once more than `max` fell in this window. */
  async consume(limit: RateLimit, subject: string): Promise<void> {
    const { key, expiresAt, retryAfter } = this.window(limit, subject);
    const count = await this.table.increment(key, 'count', { setOnCreate: { expiresAt } });
    if (count > limit.max) this.refuse(retryAfter);
  }

  /** TooManyRequestsError when `max` events were already counted in this window (a back-off after failures). */
  async check(limit: RateLimit, subject: string): Promise<void> {
    const { key, retryAfter } = this.window(limit, subject);
    const item = await this.table.get(key);
    if (Number(item?.['count'] ?? 0) >= limit.max) this.refuse(retryAfter);
  }

  /** Counts one event without refusing (a failed login, which `check` then holds against the next attempts). */
  async record(limit: RateLimit, subject: string): Promise<void> {
    const { key, expiresAt } = this.window(limit, subject);
    await this.table.increment(key, 'count', { setOnCreate: { expiresAt } });
  }
}
