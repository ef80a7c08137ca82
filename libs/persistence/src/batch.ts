import { setTimeout as sleep } from 'node:timers/promises';
import { BatchIncompleteError, type BatchStopReason } from './errors.js';

/** DynamoDB's limits per request. */
export const BATCH_WRITE_LIMIT = 25;
export const BATCH_GET_LIMIT = 100;

/** Consecutive chunks of at most `size`, in order: every item once, none dropped. */
export function splitIntoBatches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

export interface BatchOptions {
  /** When to give up and report what is left: an AbortSignal (e.g. platform's deadlineSignal) or milliseconds from now. */
  deadline?: AbortSignal | number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Attempts per chunk while DynamoDB keeps returning unprocessed requests (default 10). */
  maxAttempts?: number;
  /** Full-jitter back-off: a random pause up to min(maxDelayMs, baseDelayMs * 2^attempt). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** One chunk sent once: what came back unprocessed, and what was read (batch get). */
export interface ChunkResult<Request, Item> {
  unprocessed: Request[];
  items: Item[];
}

const toSignal = (deadline: AbortSignal | number | undefined): AbortSignal | undefined =>
  typeof deadline === 'number' ? AbortSignal.timeout(Math.max(0, deadline)) : deadline;

/**
 * Sends `requests` in chunks of `size` through `send`, `concurrency` chunks at a time, resending what comes back
 * unprocessed after a jittered pause. Stops taking new chunks at the deadline, after a chunk exhausts its
 * attempts or when a request fails, and then throws BatchIncompleteError with every request not confirmed.
 */
export async function runBatches<Request, Item>(
  requests: readonly Request[],
  size: number,
  send: (chunk: Request[], signal: AbortSignal | undefined) => Promise<ChunkResult<Request, Item>>,
  options: BatchOptions = {},
): Promise<Item[]> {
  const signal = toSignal(options.deadline);
  const maxAttempts = options.maxAttempts ?? 10;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 2000;
  const queue = splitIntoBatches(requests, size);
  const items: Item[] = [];
  const left: Request[] = [];
  let stop: { reason: BatchStopReason; cause?: unknown } | undefined;

  const runChunk = async (chunk: Request[]): Promise<void> => {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (stop !== undefined || signal?.aborted) {
        stop ??= { reason: 'deadline' };
        left.push(...pending);
        return;
      }
      try {
        const result = await send(pending, signal);
        items.push(...result.items);
        pending = result.unprocessed;
      } catch (cause) {
        stop ??= signal?.aborted ? { reason: 'deadline' } : { reason: 'request-failed', cause };
        left.push(...pending);
        return;
      }
      if (pending.length === 0) return;
      if (attempt >= maxAttempts) {
        stop ??= { reason: 'retries-exhausted' };
        left.push(...pending);
        return;
      }
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.random() * ceiling, undefined, signal ? { signal } : {}).catch(() => undefined);
    }
  };

  const worker = async (): Promise<void> => {
    for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) {
      if (stop !== undefined) {
        left.push(...chunk);
        continue;
      }
      await runChunk(chunk);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));

  if (stop !== undefined || left.length > 0) {
    const { reason, cause } = stop ?? { reason: 'deadline' as const };
    throw new BatchIncompleteError<Request, Item>(reason, left, items, cause === undefined ? {} : { cause });
  }
  return items;
}
