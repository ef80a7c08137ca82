import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { secretConfig, type ConfigFields, type SecretSource } from '../shared/secret-config.js';

/** AAMVA DLDV settings, from one Secrets Manager JSON secret. */
export interface AamvaConfig {
  /** The Authentication service (security context token and authentication token requests). */
  authUrl: URL;
  /** The DLDV 2.1 verification service. */
  verificationUrl: URL;
  /** The client certificate AAMVA issued (its public key) and the private key that signs our requests. */
  certificate: X509Certificate;
  privateKey: KeyObject;
  /** In AAMVA's certification environment every request goes to the test jurisdiction `P6`. */
  certEnabled: boolean;
  authRequestTimeoutMs: number;
  verificationRequestTimeoutMs: number;
  /** Jurisdictions AAMVA can check for us; others pass through unchecked, as in the IDP. All when unset. */
  supportedJurisdictions: ReadonlySet<string> | undefined;
}

/** PEM text, or base64 of PEM or DER (the IDP keeps its AAMVA keys base64-encoded). */
function keyMaterial(fields: ConfigFields, name: string): Buffer | string {
  const value = fields.string(name, { maxLength: 32_768 });
  if (value.includes('-----BEGIN')) return value;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) throw fields.problem(name, 'must be PEM or base64');
  const decoded = Buffer.from(value, 'base64');
  return decoded.includes('-----BEGIN') ? decoded.toString('utf8') : decoded;
}

function readCertificate(fields: ConfigFields): X509Certificate {
  const material = keyMaterial(fields, 'public_key');
  try {
    return new X509Certificate(material);
  } catch {
    throw fields.problem('public_key', 'is not an X.509 certificate');
  }
}

/** A key in PEM, or DER as PKCS#8 or PKCS#1 (what `openssl rsa -outform der` writes). */
function parsePrivateKey(material: Buffer | string): KeyObject | undefined {
  if (typeof material === 'string') return createPrivateKey(material);
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: material, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}

function readPrivateKey(fields: ConfigFields, certificate: X509Certificate): KeyObject {
  const material = keyMaterial(fields, 'private_key');
  let key: KeyObject | undefined;
  try {
    key = parsePrivateKey(material);
  } catch {
    key = undefined;
  }
  if (key === undefined) throw fields.problem('private_key', 'is not a private key');
  if (key.asymmetricKeyType !== 'rsa') throw fields.problem('private_key', 'must be an RSA key');
  if (!certificate.checkPrivateKey(key)) throw fields.problem('private_key', 'does not belong to public_key');
  return key;
}

/**
 * The secret's JSON, e.g.
 * `{ "auth_url": "https://authentication-cert.aamva.org/Authentication/Authenticate.svc",
 *    "verification_url": "https://verificationservices-cert.aamva.org:18449/dldv/2.1/online",
 *    "public_key": "<certificate, PEM or base64>", "private_key": "<RSA key, PEM or base64>",
 *    "cert_enabled": false, "auth_request_timeout_ms": 5000, "verification_request_timeout_ms": 10000,
 *    "supported_jurisdictions": ["VA", "MD"] }`.
 */
export function aamvaConfig(secretName: string, source: SecretSource = {}): () => Promise<AamvaConfig> {
  return secretConfig('AAMVA', secretName, source, parseAamvaConfig);
}

/** Reads and checks every field of the AAMVA secret, the key pair included (names the field, never a value). */
export function parseAamvaConfig(fields: ConfigFields): AamvaConfig {
  const certificate = readCertificate(fields);
  const jurisdictions = fields.optionalList('supported_jurisdictions', /^[A-Z]{2}$/);
  return {
    authUrl: fields.url('auth_url'),
    verificationUrl: fields.url('verification_url'),
    certificate,
    privateKey: readPrivateKey(fields, certificate),
    certEnabled: fields.boolean('cert_enabled', false),
    authRequestTimeoutMs: fields.integer('auth_request_timeout_ms', {
      min: 100,
      max: 60_000,
      default: 5_000,
    }),
    verificationRequestTimeoutMs: fields.integer('verification_request_timeout_ms', {
      min: 100,
      max: 60_000,
      default: 10_000,
    }),
    supportedJurisdictions: jurisdictions ? new Set(jurisdictions) : undefined,
  };
}
