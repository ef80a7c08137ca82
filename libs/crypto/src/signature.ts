import { CALLBACK_SIGNATURE_HEADER, callbackSigningInput, type SignedCallback } from '@backend/contracts';
import { hmacSha256 } from './hmac.js';

/** The header a proofing callback carries besides X-API-AUTH-TOKEN. */
export const SIGNATURE_HEADER = CALLBACK_SIGNATURE_HEADER;

/**
 * `t=<unix seconds>,v2=<hex HMAC-SHA256>` over the timestamp, method, path and exact body (the contract's
 * `callbackSigningInput`), keyed with the job type's signing key: its own secret, never sent on the wire, so the
 * X-API-AUTH-TOKEN a callback carries cannot sign another. Receivers verify with the reference in libs/contracts.
 */
export function signCallback(request: SignedCallback, signingKey: string, now = Date.now()): string {
  const timestamp = Math.floor(now / 1000);
  return `t=${timestamp},v2=${hmacSha256(signingKey, callbackSigningInput(timestamp, request)).toString('hex')}`;
}
