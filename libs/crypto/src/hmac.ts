import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of `data` under `key`. */
export function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
