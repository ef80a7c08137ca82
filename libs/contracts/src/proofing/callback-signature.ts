import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Reference implementation of what the IDP must do with a proofing callback's `X-Signature` header (see
 * libs/contracts/callback-signature.md). Self-contained on purpose (node:crypto only) so it can be ported line by
 * line; libs/contracts/schemas/callback-signature.vectors.json holds test vectors for any port.
 */

/** The header that carries the signature; `X-API-AUTH-TOKEN` travels beside it. */
export const CALLBACK_SIGNATURE_HEADER = 'x-signature';

/** How old a signature may be: a replay after this is refused. */
export const SIGNATURE_MAX_AGE_SECONDS = 300;
/** How far in the future a timestamp may be (the clocks' skew); a later one is refused. */
export const SIGNATURE_MAX_FUTURE_SKEW_SECONDS = 30;

/** What a signature covers: the request as the IDP received it. */
export interface SignedCallback {
  /** `POST`. */
  method: string;
  /** The request target as received: the callback URL's path with the result id, and its query if any. */
  path: string;
  /** The exact body bytes, as UTF-8 text. */
  body: string;
}

/** The signed text: the timestamp, method, path and body, one per line (none but the body holds a newline). */
export function callbackSigningInput(timestamp: number, request: SignedCallback): string {
  return `${timestamp}\n${request.method.toUpperCase()}\n${request.path}\n${request.body}`;
}

export type SignatureVerdict = 'valid' | 'malformed' | 'expired' | 'from the future' | 'mismatch';

/**
 * Checks `X-Signature: t=<unix seconds>,v2=<64 hex digits>`: HMAC-SHA256 of `callbackSigningInput` under the job
 * type's signing key (its own SSM SecureString, never sent on the wire, so the token alone cannot sign).
 */
export function checkCallbackSignature(
  header: string | undefined,
  request: SignedCallback,
  signingKey: string,
  now = Date.now(),
): SignatureVerdict {
  const fields = new Map<string, string>();
  for (const part of (header ?? '').split(',')) {
    const separator = part.indexOf('=');
    if (separator > 0) fields.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  const t = fields.get('t') ?? '';
  const v2 = fields.get('v2') ?? '';
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/.test(v2)) return 'malformed';
  const timestamp = Number(t);
  const nowSeconds = Math.floor(now / 1000);
  if (nowSeconds - timestamp > SIGNATURE_MAX_AGE_SECONDS) return 'expired';
  if (timestamp - nowSeconds > SIGNATURE_MAX_FUTURE_SKEW_SECONDS) return 'from the future';
  const expected = createHmac('sha256', signingKey).update(callbackSigningInput(timestamp, request)).digest();
  // Both are 32 bytes here; timingSafeEqual does not reveal where they differ.
  return timingSafeEqual(expected, Buffer.from(v2, 'hex')) ? 'valid' : 'mismatch';
}

/** True when `checkCallbackSignature` says `valid`. */
export const verifyCallbackSignature = (
  header: string | undefined,
  request: SignedCallback,
  signingKey: string,
  now = Date.now(),
): boolean => checkCallbackSignature(header, request, signingKey, now) === 'valid';
