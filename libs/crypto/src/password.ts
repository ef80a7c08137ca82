import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PasswordHashError } from './errors.js';

export interface ScryptParameters {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet (2025): scrypt with N = 2^17, r = 8, p = 1. It needs 128 * N * r = 128 MiB
 * per hash, so a function that hashes passwords needs at least 256 MB of memory.
 */
export const PASSWORD_HASH_PARAMETERS: Readonly<ScryptParameters> = Object.freeze({ logN: 17, r: 8, p: 1 });
/** NIST SP 800-63B asks for at least 64 characters; the bound keeps a caller from sending megabytes to hash. */
export const MAX_PASSWORD_BYTES = 1024;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
// What a stored hash may ask for: more would let a corrupted or planted hash exhaust the function's memory.
const MAX_LOG_N = 20;
const MAX_MEMORY_BYTES = 512 * 1024 * 1024;
const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

const memoryOf = ({ logN, r }: ScryptParameters): number => 128 * 2 ** logN * r;

function checkParameters(params: ScryptParameters): void {
  const { logN, r, p } = params;
  const ok =
    [logN, r, p].every((n) => Number.isInteger(n) && n >= 1) &&
    logN <= MAX_LOG_N &&
    r <= 32 &&
    p <= 16 &&
    memoryOf(params) <= MAX_MEMORY_BYTES;
  if (!ok) throw new PasswordHashError('scrypt parameters are out of the accepted range');
}

/** scrypt (RFC 7914) on the thread pool, so the event loop keeps serving while a hash is computed. */
export function scryptKey(
  password: string | Uint8Array,
  salt: Uint8Array,
  params: ScryptParameters,
  length: number,
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    // Node refuses anything above 32 MiB by default; allow what these parameters need, and no more.
    maxmem: memoryOf(params) * 2,
  };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** NFKC (NIST SP 800-63B) so that the same password typed on two keyboards hashes the same, then bounded. */
function passwordBytes(password: string): Buffer {
  const bytes = Buffer.from(password.normalize('NFKC'), 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_PASSWORD_BYTES) {
    throw new PasswordHashError(`passwords are 1-${MAX_PASSWORD_BYTES} bytes`);
  }
  return bytes;
}

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

/** `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (PHC string format): the parameters travel with the hash. */
export async function hashPassword(
  password: string,
  params: ScryptParameters = PASSWORD_HASH_PARAMETERS,
): Promise<string> {
  checkParameters(params);
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptKey(passwordBytes(password), salt, params, HASH_BYTES);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

function decode(encoded: string): { params: ScryptParameters; salt: Buffer; hash: Buffer } {
  const match = ENCODED.exec(encoded);
  if (!match) throw new PasswordHashError('not a scrypt password hash');
  const [, logN, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  checkParameters(params);
  return { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

/** True when `password` is the one hashed; compared in constant time. PasswordHashError for a bad input or hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const { params, salt, hash } = decode(encoded);
  const candidate = await scryptKey(passwordBytes(password), salt, params, hash.length);
  return timingSafeEqual(candidate, hash);
}

/** True when the hash was made with other parameters than `params`: hash the password again after a login. */
export function needsRehash(encoded: string, params: ScryptParameters = PASSWORD_HASH_PARAMETERS): boolean {
  const stored = decode(encoded).params;
  return stored.logN !== params.logN || stored.r !== params.r || stored.p !== params.p;
}
