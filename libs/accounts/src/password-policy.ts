// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient types of an untyped deep import must travel with this file into every app that compiles it
/// <reference path="./common-passwords.d.ts" />
import { MAX_PASSWORD_BYTES } from '@backend/crypto';
import { WeakPasswordError } from './errors.js';

/** NIST SP 800-63B §3.1.1.2: at least 12 characters here (the rule; NIST's floor is 8 or 15), no composition rules. */
export const MIN_PASSWORD_CHARACTERS = 12;
/** NIST asks that at least 64 be allowed; 256 matches the request schema. */
export const MAX_PASSWORD_CHARACTERS = 256;

// The common-password list (@zxcvbn-ts/language-common's `passwords`, 49,233 entries from leaked-password corpora,
// lower case) is 380 KB of compressed text that takes ~40 ms to expand: loaded on the first policy check, not at
// cold start, so login and verify-user never pay for it (docs/performance.md).
let commonPasswords: Promise<ReadonlySet<string>> | undefined;
export const loadCommonPasswords = (): Promise<ReadonlySet<string>> =>
  (commonPasswords ??= import('@zxcvbn-ts/language-common/dist/passwords.json.mjs').then(
    ({ default: list }) => new Set(list as string[]),
  ));

/** Checks a new password; throws WeakPasswordError naming the rule and the field. */
export type PasswordPolicy = (password: string, options: { field: string; email?: string }) => Promise<void>;

/**
 * Refuses a new password that is shorter than 12 or longer than 256 characters (counted as code points after
 * NFKC, as the hash sees it), longer than the hash accepts in bytes, the account's own address, or on the list
 * of common passwords (compared in lower case). Throws WeakPasswordError naming the rule and the field.
 */
export async function checkPasswordPolicy(
  password: string,
  options: { field: string; email?: string },
): Promise<void> {
  const normalised = password.normalize('NFKC');
  const characters = [...normalised].length;
  const { field } = options;
  if (characters < MIN_PASSWORD_CHARACTERS) {
    throw new WeakPasswordError(`The password needs at least ${MIN_PASSWORD_CHARACTERS} characters`, field);
  }
  if (characters > MAX_PASSWORD_CHARACTERS || Buffer.byteLength(normalised, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new WeakPasswordError(`The password may have at most ${MAX_PASSWORD_CHARACTERS} characters`, field);
  }
  const folded = normalised.toLowerCase();
  if (options.email !== undefined && folded === options.email.toLowerCase()) {
    throw new WeakPasswordError('The password may not be your e-mail address', field);
  }
  if ((await loadCommonPasswords()).has(folded)) {
    throw new WeakPasswordError(
      'This password is too common: it appears on lists attackers try first',
      field,
    );
  }
}
