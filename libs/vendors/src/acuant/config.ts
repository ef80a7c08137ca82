import { secretConfig, type ConfigFields, type SecretSource } from '../shared/secret-config.js';

/** Where and how to reach Acuant, from its Secrets Manager JSON secret (never logged, never in an error). */
export interface AcuantConfig {
  /** AssureID, e.g. https://services.assureid.net; requests go to `/AssureIDService/Document/…`. */
  assureIdUrl: URL;
  /** Face match, e.g. https://frm.acuant.net; requests go to `/api/v1/facematch`. */
  facialMatchUrl: URL;
  /** Liveness (PassLive), e.g. https://us.passlive.acuant.net; requests go to `/api/v1/liveness`. */
  passliveUrl: URL;
  username: string;
  password: string;
  subscriptionId: string;
  /** Upper bound of one request; the job's remaining time may cut it shorter. */
  requestTimeoutMs: number;
}

/**
 * The secret's JSON (the IDP's `acuant_*` settings without the prefix), e.g.
 * `{ "assure_id_url": "https://…", "assure_id_username": "…", "assure_id_password": "…",
 *    "assure_id_subscription_id": "…", "facial_match_url": "https://…", "passlive_url": "https://…",
 *    "request_timeout_ms": 15000 }`.
 */
export function acuantConfig(secretName: string, source: SecretSource = {}): () => Promise<AcuantConfig> {
  return secretConfig('Acuant', secretName, source, parseAcuantConfig);
}

/** Reads and checks every field of the Acuant secret (names the field, never a value). */
export function parseAcuantConfig(fields: ConfigFields): AcuantConfig {
  return {
    assureIdUrl: fields.url('assure_id_url'),
    facialMatchUrl: fields.url('facial_match_url'),
    passliveUrl: fields.url('passlive_url'),
    username: fields.string('assure_id_username', { maxLength: 256 }),
    password: fields.string('assure_id_password', { maxLength: 1024 }),
    subscriptionId: fields.string('assure_id_subscription_id', { pattern: /^[A-Za-z0-9-]{1,64}$/ }),
    requestTimeoutMs: fields.integer('request_timeout_ms', { min: 100, max: 60_000, default: 15_000 }),
  };
}
