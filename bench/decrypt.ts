// Document image decryption: @backend/crypto's aesGcmDecrypt against raw node:crypto on the same bytes.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { aesGcmDecrypt } from '@backend/crypto';
import { median, megabytesPerSecond } from './stats.js';

/** Issue 5: decryption at 0.8x raw node:crypto or better. */
export const DECRYPT_TARGET_RATIO = 0.8;
const TAG_BYTES = 16;

export interface DecryptOptions {
  /** Size of the plaintext image. */
  bytes: number;
  rounds: number;
  /** Decryptions of each kind per round. */
  perRound: number;
}

export interface DecryptSummary extends DecryptOptions {
  oursMBps: number;
  rawMBps: number;
  /** Median over rounds of each round's ours/raw. */
  ratio: number;
  met: boolean;
}

/** The least raw node:crypto needs to do with `ciphertext || tag`: split, decipher, verify the tag. */
export function rawDecrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const tagStart = data.length - TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(data.subarray(tagStart));
  const plaintext = decipher.update(data.subarray(0, tagStart));
  decipher.final();
  return plaintext;
}

export function summarizeDecryption(
  options: DecryptOptions,
  rounds: readonly { oursMs: number; rawMs: number }[],
): DecryptSummary {
  if (rounds.length === 0) throw new Error('no decryption rounds to summarize');
  const total = options.bytes * options.perRound;
  const ours = rounds.map((r) => megabytesPerSecond(total, r.oursMs));
  const raw = rounds.map((r) => megabytesPerSecond(total, r.rawMs));
  const ratio = median(rounds.map((r) => r.rawMs / r.oursMs));
  return {
    ...options,
    oursMBps: median(ours),
    rawMBps: median(raw),
    ratio,
    met: ratio >= DECRYPT_TARGET_RATIO,
  };
}

/** Decrypts the same random image with both, interleaved by round, and checks both return the plaintext. */
export function measureDecryption(options: DecryptOptions): DecryptSummary {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const image = randomBytes(options.bytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  const data = Buffer.concat([cipher.update(image), cipher.final(), cipher.getAuthTag()]);

  const ours = () => aesGcmDecrypt({ key, iv, data });
  const raw = () => rawDecrypt(key, iv, data);
  for (const decrypt of [ours, raw]) {
    if (!decrypt().equals(image)) throw new Error('a decryption did not return the image');
  }
  // Each decryption allocates a whole image: a collection left over from one block would otherwise be paid by
  // the next one timed. With --expose-gc (npm run bench passes it) every block starts with a clean heap.
  const collect = (globalThis as { gc?: () => void }).gc;
  const time = (decrypt: () => Buffer): number => {
    collect?.();
    const started = performance.now();
    for (let i = 0; i < options.perRound; i++) decrypt();
    return performance.now() - started;
  };
  // A warm-up round for the JIT, then rounds that alternate which goes first.
  time(ours);
  time(raw);
  const rounds: { oursMs: number; rawMs: number }[] = [];
  for (let round = 0; round < options.rounds; round++) {
    if (round % 2 === 0) {
      const oursMs = time(ours);
      rounds.push({ oursMs, rawMs: time(raw) });
    } else {
      const rawMs = time(raw);
      rounds.push({ oursMs: time(ours), rawMs });
    }
  }
  return summarizeDecryption(options, rounds);
}
