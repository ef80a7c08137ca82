import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { SessionKeyringError, InvalidSessionError } from './errors.js';

/** Sessions are short: a stolen token is worth 15 minutes, and a password change ends the rest at once. */
export const SESSION_LIFETIME_SECONDS = 15 * 60;
const ALGORITHM = 'ES256';
const AUDIENCE = 'accounts';
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The session signing keys, as the Secrets Manager secret holds them (JSON):
 * `{ "current": "<kid>", "keys": { "<kid>": <P-256 private JWK>, ... } }`. `current` signs; every key verifies, so
 * a rotation adds a key, later makes it current, and drops the old one only after the last session it signed has
 * expired (docs/runbooks/rotate-secrets.md).
 */
export interface SessionKeyringDocument {
  readonly current: string;
  readonly keys: Readonly<Record<string, Record<string, unknown>>>;
}

export interface SessionKeyring {
  readonly current: string;
  readonly privateKey: KeyObject;
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
}

/** What a session says: the user's id, the address the account is keyed by, and the session version. */
export interface SessionClaims {
  readonly userId: string;
  readonly email: string;
  /** The user's `sessionVersion` when the session was issued; a password change moves it on. */
  readonly sessionVersion: number;
}

/** A new P-256 key for the keyring, with a fresh id (for the rotation runbook and the local cloud). */
export function newSessionKey(): { kid: string; jwk: Record<string, unknown> } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid: `k-${randomUUID()}`, jwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown> };
}

/** A keyring of one fresh key: what the local cloud starts with. */
export function newSessionKeyringDocument(): string {
  const { kid, jwk } = newSessionKey();
  return JSON.stringify({ current: kid, keys: { [kid]: jwk } } satisfies SessionKeyringDocument);
}

/**
 * Rotation steps on the document: `add` puts a new key beside the current one (it verifies, does not sign yet),
 * `promote` makes the newest key current, `retire` drops every key but the current one.
 */
export function rotateSessionKeyring(text: string, step: 'add' | 'promote' | 'retire'): string {
  const document = parseDocument(text);
  const keys = { ...document.keys };
  let current = document.current;
  if (step === 'add') {
    const { kid, jwk } = newSessionKey();
    keys[kid] = jwk;
  } else if (step === 'promote') {
    const others = Object.keys(keys).filter((kid) => kid !== current);
    if (others.length !== 1)
      throw new SessionKeyringError('promote needs exactly one key besides the current one');
    current = others[0]!;
  } else {
    for (const kid of Object.keys(keys)) if (kid !== current) delete keys[kid];
  }
  return JSON.stringify({ current, keys });
}

function parseDocument(text: string): SessionKeyringDocument {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // No cause: the parser's message would quote the secret.
    throw new SessionKeyringError('the session keyring secret is not JSON');
  }
  const { current, keys } = (document ?? {}) as Partial<SessionKeyringDocument>;
  if (
    typeof current !== 'string' ||
    typeof keys !== 'object' ||
    keys === null ||
    !Object.hasOwn(keys, current)
  ) {
    throw new SessionKeyringError('the session keyring needs "current" naming one of its "keys"');
  }
  return { current, keys };
}

const parsed = new Map<string, SessionKeyring>();

/** Reads the secret's keyring (cached per secret text): every key a P-256 private JWK under a valid id. */
export function parseSessionKeyring(text: string): SessionKeyring {
  const cached = parsed.get(text);
  if (cached !== undefined) return cached;
  const document = parseDocument(text);
  const publicKeys = new Map<string, KeyObject>();
  let privateKey: KeyObject | undefined;
  for (const [kid, jwk] of Object.entries(document.keys)) {
    if (!KEY_ID.test(kid) || jwk['kty'] !== 'EC' || jwk['crv'] !== 'P-256' || typeof jwk['d'] !== 'string') {
      throw new SessionKeyringError(
        `session key ${KEY_ID.test(kid) ? kid : '(bad id)'} is not a P-256 private JWK`,
      );
    }
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    } catch {
      throw new SessionKeyringError(`session key ${kid} cannot be read`);
    }
    publicKeys.set(kid, createPublicKey(key));
    if (kid === document.current) privateKey = key;
  }
  const keyring = { current: document.current, privateKey: privateKey!, publicKeys };
  parsed.clear();
  parsed.set(text, keyring);
  return keyring;
}

/** Signs a session: ES256 with the current key's `kid`, audience `accounts`, issuer the environment, 15 minutes. */
export async function issueSession(
  keyring: SessionKeyring,
  issuer: string,
  claims: SessionClaims,
): Promise<string> {
  return new SignJWT({ email: claims.email, sv: claims.sessionVersion })
    .setProtectedHeader({ alg: ALGORITHM, kid: keyring.current, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_LIFETIME_SECONDS}s`)
    .setJti(randomUUID())
    .sign(keyring.privateKey);
}

/**
 * Verifies a session: ES256 only, a `kid` of the keyring, this issuer and audience, not expired (5 s of clock
 * tolerance). Anything else is InvalidSessionError, without the library's error as cause (it carries the claims).
 * Whether the session was revoked is the caller's check against the user record.
 */
export async function verifySession(
  keyring: SessionKeyring,
  issuer: string,
  token: string,
): Promise<SessionClaims> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters) => {
        const key = header.kid === undefined ? undefined : keyring.publicKeys.get(header.kid);
        if (key === undefined) throw new InvalidSessionError();
        return key;
      },
      {
        algorithms: [ALGORITHM],
        issuer,
        audience: AUDIENCE,
        clockTolerance: 5,
        requiredClaims: ['exp', 'sub'],
      },
    );
    const { sub, email, sv } = payload as { sub?: unknown; email?: unknown; sv?: unknown };
    if (typeof sub !== 'string' || typeof email !== 'string' || typeof sv !== 'number')
      throw new InvalidSessionError();
    return { userId: sub, email, sessionVersion: sv };
  } catch (error) {
    if (error instanceof InvalidSessionError) throw error;
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) throw new InvalidSessionError();
    throw error;
  }
}
