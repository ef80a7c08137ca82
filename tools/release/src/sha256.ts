import { createHash } from 'node:crypto';

/**
 * Base64 of the SHA-256 digest: the form of Lambda's CodeSha256 and of Terraform's
 * `filebase64sha256()`, which `source_code_hash` is compared with.
 */
export const sha256Base64 = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest('base64');

export const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/** True for exactly 44 characters of standard base64 encoding 32 bytes, with no whitespace. */
export const isSha256Base64 = (value: string): boolean => SHA256_BASE64.test(value);
