import { randomUUID } from 'node:crypto';
import type { JobType } from '@backend/contracts';
import { aesGcmDecrypt, aesGcmEncrypt, generateAesKey, generateGcmIv } from '@backend/crypto';

/** A proofing job type (@backend/contracts' JOB_TYPES), as the simulator's routes and results call it. */
export type JobKind = JobType;

/** One result slot as kept in memory: a callback body only ever as AES-256-GCM ciphertext. */
export interface StoredResult {
  readonly kind: JobKind;
  /** When the waiting page gives up: a callback after it is refused (404) and the page shows a timeout. */
  readonly deadline: number;
  /** When the slot is forgotten altogether (unknown id from then on). */
  expiresAt: number;
  sealed?: { readonly iv: Buffer; readonly ciphertext: Buffer; readonly receivedAt: number };
}

export type ResultState =
  | { readonly status: 'pending'; readonly deadline: number }
  | { readonly status: 'timed_out' }
  | { readonly status: 'received'; readonly body: Buffer; readonly receivedAt: number };

export type DeliveryOutcome = 'stored' | 'unknown' | 'expired';

export interface ResultStoreOptions {
  /** How long the waiting page waits for a callback; the IDP's 60 s by default. */
  readonly timeoutMs?: number;
  /** How long a received result (or the memory of a timed-out one) is kept; 60 s by default, as the IDP does. */
  readonly retentionMs?: number;
  /** The process's key; a fresh random one by default, so nothing stored outlives the process. */
  readonly key?: Uint8Array;
  readonly now?: () => number;
  /** Where the slots live; a new Map by default. */
  readonly entries?: Map<string, StoredResult>;
}

/** The additional data binds a ciphertext to its slot: a body cannot be moved to another id or kind. */
const aadOf = (kind: JobKind, id: string) => Buffer.from(`${kind}/${id}`);

/**
 * The IDP's result slots: one per invoked job, keyed by the result id at the end of its `callback_url`. Callback
 * bodies hold PII, so they are encrypted at rest with a per-process AES-256-GCM key and forgotten after the
 * retention period.
 */
export class ResultStore {
  readonly timeoutMs: number;
  readonly retentionMs: number;
  private readonly key: Uint8Array;
  private readonly now: () => number;
  private readonly entries: Map<string, StoredResult>;

  constructor(options: ResultStoreOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.retentionMs = options.retentionMs ?? 60_000;
    this.key = options.key ?? generateAesKey();
    this.now = options.now ?? Date.now;
    this.entries = options.entries ?? new Map();
  }

  /** A new slot for a job about to be invoked; its id goes into the callback URL. */
  create(kind: JobKind): { id: string; deadline: number } {
    this.sweep();
    const id = randomUUID();
    const deadline = this.now() + this.timeoutMs;
    this.entries.set(id, { kind, deadline, expiresAt: deadline + this.retentionMs });
    return { id, deadline };
  }

  /** Forgets a slot whose job could not be invoked. */
  discard(id: string): void {
    this.entries.delete(id);
  }

  /**
   * Stores a callback body. A repeated delivery (the job retrying its callback) replaces the first one while the
   * slot lives; after the deadline of a slot that received nothing, the result is too late for the user.
   */
  deliver(kind: JobKind, id: string, body: Uint8Array): DeliveryOutcome {
    const entry = this.live(kind, id);
    if (entry === undefined) return 'unknown';
    const now = this.now();
    if (entry.sealed === undefined && now >= entry.deadline) return 'expired';
    const iv = generateGcmIv();
    const ciphertext = aesGcmEncrypt({ key: this.key, iv, plaintext: body, aad: aadOf(kind, id) });
    entry.sealed = { iv, ciphertext, receivedAt: now };
    entry.expiresAt = now + this.retentionMs;
    return 'stored';
  }

  /** What the waiting page sees; undefined for an unknown or forgotten id. */
  read(kind: JobKind, id: string): ResultState | undefined {
    const entry = this.live(kind, id);
    if (entry === undefined) return undefined;
    if (entry.sealed !== undefined) {
      const { iv, ciphertext, receivedAt } = entry.sealed;
      const body = aesGcmDecrypt({ key: this.key, iv, data: ciphertext, aad: aadOf(kind, id) });
      return { status: 'received', body, receivedAt };
    }
    return this.now() >= entry.deadline
      ? { status: 'timed_out' }
      : { status: 'pending', deadline: entry.deadline };
  }

  /** Drops every slot past its retention. Called on each new slot, so memory stays bounded without a timer. */
  sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (now >= entry.expiresAt) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  private live(kind: JobKind, id: string): StoredResult | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.kind !== kind) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }
}
