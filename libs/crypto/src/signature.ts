import { constantTimeEqual } from './compare.js';
import { hmacSha256 } from './hmac.js';

/** The header a proofing callback carries besides X-API-AUTH-TOKEN. */
export const SIGNATURE_HEADER = 'x-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the job type's callback token. The
 * receiver recomputes it over the exact bytes it received: a changed body or a replayed old request fails.
 */
export function signCallback(body: string, secret: string, now = Date.now()): string {
  const timestamp = Math.floor(now / 1000);
  return `t=${timestamp},v1=${hmacSha256(secret, `${timestamp}.${body}`).toString('hex')}`;
}

/** For receivers (the IDP, the simulator): true when the signature matches and is at most `toleranceSeconds` old. */
export function verifyCallbackSignature(
  header: string | undefined,
  body: string,
  secret: string,
  { toleranceSeconds = 300, now = Date.now() } = {},
): boolean {
  const fields = new Map(
    (header ?? '').split(',').map((part) => {
      const [key = '', value = ''] = part.trim().split('=');
      return [key, value] as const;
    }),
  );
  const timestamp = Number(fields.get('t'));
  const signature = fields.get('v1');
  if (!Number.isInteger(timestamp) || !signature) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  return constantTimeEqual(signature, hmacSha256(secret, `${timestamp}.${body}`).toString('hex'));
}
