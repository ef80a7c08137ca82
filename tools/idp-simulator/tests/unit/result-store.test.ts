import { aesGcmDecrypt, DecryptionError } from '@backend/crypto';
import { describe, expect, it } from 'vitest';
import { ResultStore, type StoredResult } from '../../src/index.js';

const KEY = Buffer.alloc(32, 7);
const BODY = Buffer.from(JSON.stringify({ address_result: { success: true, name: 'Fakey McFakerson' } }));

function storeAt(start = 1_000_000) {
  const clock = { now: start };
  const entries = new Map<string, StoredResult>();
  const store = new ResultStore({
    timeoutMs: 1_000,
    retentionMs: 5_000,
    key: KEY,
    now: () => clock.now,
    entries,
  });
  return { store, clock, entries };
}

describe('ResultStore', () => {
  it('keeps a callback body only as AES-256-GCM ciphertext bound to its kind and id', () => {
    const { store, entries } = storeAt();
    const { id } = store.create('address');
    expect(store.deliver('address', id, BODY)).toBe('stored');

    const sealed = entries.get(id)!.sealed!;
    expect(sealed.ciphertext.length).toBe(BODY.length + 16);
    expect(sealed.ciphertext.includes(Buffer.from('Fakey'))).toBe(false);
    expect(sealed.iv.length).toBe(12);
    const plaintext = aesGcmDecrypt({
      key: KEY,
      iv: sealed.iv,
      data: sealed.ciphertext,
      aad: Buffer.from(`address/${id}`),
    });
    expect(plaintext.equals(BODY)).toBe(true);
    // Moved to another slot, the ciphertext no longer verifies.
    expect(() =>
      aesGcmDecrypt({ key: KEY, iv: sealed.iv, data: sealed.ciphertext, aad: Buffer.from('address/other') }),
    ).toThrow(DecryptionError);

    const state = store.read('address', id);
    expect(state?.status).toBe('received');
    expect(state?.status === 'received' && state.body.equals(BODY)).toBe(true);
  });

  it('uses a fresh IV for every delivery, also of the same body', () => {
    const { store, entries } = storeAt();
    const { id } = store.create('document');
    store.deliver('document', id, BODY);
    const first = entries.get(id)!.sealed!;
    store.deliver('document', id, BODY);
    const second = entries.get(id)!.sealed!;
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
  });

  it('answers pending until the deadline, then timed_out, and refuses a late callback', () => {
    const { store, clock } = storeAt();
    const { id, deadline } = store.create('resolution');
    expect(deadline).toBe(clock.now + 1_000);
    clock.now += 999;
    expect(store.read('resolution', id)).toEqual({ status: 'pending', deadline });
    clock.now += 1;
    expect(store.read('resolution', id)).toEqual({ status: 'timed_out' });
    expect(store.deliver('resolution', id, BODY)).toBe('expired');
    // The memory of the timeout goes after the retention period too.
    clock.now += 5_000;
    expect(store.read('resolution', id)).toBeUndefined();
    expect(store.deliver('resolution', id, BODY)).toBe('unknown');
  });

  it('forgets a received result after the retention period', () => {
    const { store, clock } = storeAt();
    const { id } = store.create('address');
    clock.now += 900;
    store.deliver('address', id, BODY);
    clock.now += 4_999;
    expect(store.read('address', id)?.status).toBe('received');
    clock.now += 1;
    expect(store.read('address', id)).toBeUndefined();
  });

  it('knows an id only under its own kind, and not after discard', () => {
    const { store } = storeAt();
    const { id } = store.create('address');
    expect(store.deliver('document', id, BODY)).toBe('unknown');
    expect(store.read('resolution', id)).toBeUndefined();
    expect(store.deliver('address', 'no-such-id', BODY)).toBe('unknown');
    store.discard(id);
    expect(store.read('address', id)).toBeUndefined();
  });

  it('drops expired slots when new ones are made, so memory stays bounded', () => {
    const { store, clock } = storeAt();
    for (let i = 0; i < 50; i++) store.create('address');
    expect(store.size).toBe(50);
    clock.now += 6_000;
    store.create('address');
    expect(store.size).toBe(1);
  });

  it('cannot read back a result with another process key', () => {
    const { store, entries, clock } = storeAt();
    const { id } = store.create('address');
    store.deliver('address', id, BODY);
    const other = new ResultStore({ key: Buffer.alloc(32, 8), entries, now: () => clock.now });
    expect(() => other.read('address', id)).toThrow(DecryptionError);
  });
});
