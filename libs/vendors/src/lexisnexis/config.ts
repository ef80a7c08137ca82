import { secretConfig, type ConfigFields, type SecretSource } from '../shared/secret-config.js';

/** LexisNexis RDP settings, from one Secrets Manager JSON secret shared by PhoneFinder and InstantVerify. */
export interface LexisNexisConfig {
  /** e.g. https://<host>; requests go to `/restws/identity/v2/<account_id>/<workflow>/conversation`. */
  baseUrl: URL;
  accountId: string;
  username: string;
  password: string;
  /** `Settings.Mode` of every request, e.g. `production` or `testing`. */
  requestMode: string;
  phoneFinderWorkflow: string | undefined;
  instantVerifyWorkflow: string | undefined;
  /** Upper bound of one request; the job's remaining time may cut it shorter. */
  requestTimeoutMs: number;
}

/** Path segments: account ids and workflow names are plain identifiers such as `customers.gsa.instant.verify.workflow`. */
const SEGMENT = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * The secret's JSON, e.g.
 * `{ "base_url": "https://…", "account_id": "…", "username": "…", "password": "…", "request_mode": "production",
 *    "phone_finder_workflow": "…", "instant_verify_workflow": "…", "request_timeout_ms": 10000 }`.
 */
export function lexisNexisConfig(
  secretName: string,
  source: SecretSource = {},
): () => Promise<LexisNexisConfig> {
  return secretConfig('LexisNexis', secretName, source, parseLexisNexisConfig);
}

/** Reads and checks every field of the LexisNexis secret (names the field, never a value). */
export function parseLexisNexisConfig(fields: ConfigFields): LexisNexisConfig {
  return {
    baseUrl: fields.url('base_url'),
    accountId: fields.string('account_id', { pattern: SEGMENT }),
    username: fields.string('username', { maxLength: 256 }),
    password: fields.string('password', { maxLength: 1024 }),
    requestMode: fields.optionalString('request_mode', { pattern: /^[a-z_]{1,32}$/ }) ?? 'production',
    phoneFinderWorkflow: fields.optionalString('phone_finder_workflow', { pattern: SEGMENT }),
    instantVerifyWorkflow: fields.optionalString('instant_verify_workflow', { pattern: SEGMENT }),
    requestTimeoutMs: fields.integer('request_timeout_ms', { min: 100, max: 60_000, default: 10_000 }),
  };
}
