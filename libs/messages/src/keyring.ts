import { createKeyring, hkdfSha256, type Keyring } from '@backend/crypto';
import { ContentKeyringError } from './errors.js';

/** The keys of the messages service, one keyring per purpose, derived from the same secret. */
export interface MessageKeyrings {
  /** Seals `store_secure` content. */
  readonly content: Keyring;
  /** Seals `GET /msg` page cursors. */
  readonly cursor: Keyring;
}

/** Shorter than this, a key's material is too weak to derive keys from. */
export const MIN_KEY_MATERIAL_LENGTH = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the content keyring secret (Secrets Manager). Either JSON, `{ "current": "2026-12", "keys": { "2026-11":
 * "<material>", "2026-12": "<material>" } }`, to rotate (add a key, make it current, keep the old ones for the
 * messages sealed under them: no re-encryption), or one plain string (the local cloud's random value), read as
 * the single key `k0`. Each purpose's key is HKDF-SHA256 of a key's material, so the material may be any
 * high-entropy string of at least 32 characters. Throws `ContentKeyringError` naming what is wrong, never a key.
 */
export function parseMessageKeyrings(secret: string): MessageKeyrings {
  let spec: { current: string; keys: Record<string, string> };
  const trimmed = secret.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ContentKeyringError('The content keyring secret starts with { but is not JSON');
    }
    if (!isRecord(parsed) || typeof parsed['current'] !== 'string' || !isRecord(parsed['keys'])) {
      throw new ContentKeyringError(
        'The content keyring secret must be { "current": "<id>", "keys": { "<id>": "<material>" } }',
      );
    }
    spec = { current: parsed['current'], keys: parsed['keys'] as Record<string, string> };
  } else {
    spec = { current: 'k0', keys: { k0: trimmed } };
  }
  const derive = (info: string) => {
    const keys: Record<string, Uint8Array> = {};
    for (const [id, material] of Object.entries(spec.keys)) {
      if (!KEY_ID.test(id)) throw new ContentKeyringError('Key ids are 1-64 characters of A-Za-z0-9._-');
      if (typeof material !== 'string' || material.length < MIN_KEY_MATERIAL_LENGTH) {
        throw new ContentKeyringError(
          `Key ${id} needs at least ${MIN_KEY_MATERIAL_LENGTH} characters of material`,
        );
      }
      keys[id] = hkdfSha256({ ikm: Buffer.from(material, 'utf8'), info });
    }
    if (!Object.hasOwn(keys, spec.current)) {
      throw new ContentKeyringError(`The current key ${spec.current} is not in the keyring`);
    }
    return createKeyring(spec.current, keys);
  };
  return { content: derive('messages/content/v1'), cursor: derive('messages/cursor/v1') };
}
