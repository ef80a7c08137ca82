import { hkdfSync } from 'node:crypto';
import type { JobType } from '@backend/contracts';
import { ConfigError, getSecureParameter } from '@backend/platform';
import type { VendorSelection } from '@backend/vendors';
import type { Context } from 'aws-lambda';
import type { FromSchema } from 'json-schema-to-ts';
import { CALLBACK_HOST_PATTERN } from './callback-url.js';
import { jobDeadlines } from './deadline.js';
import type { JobRuntime } from './job.js';
import { createOutcomeStore, type OutcomeStore } from './outcome-store.js';

/** The environment variables every proofing job reads; each app spreads them into its own config schema. */
export const proofingConfigProperties = {
  ENVIRONMENT: { type: 'string', enum: ['local', 'sandbox', 'test', 'beta', 'prod'] },
  /** SSM SecureString holding the job type's X-API-AUTH-TOKEN. */
  CALLBACK_TOKEN_PARAMETER: { type: 'string', pattern: '^/' },
  /** SSM SecureString holding the job type's callback signing key (X-Signature); never sent on the wire. */
  CALLBACK_SIGNING_KEY_PARAMETER: { type: 'string', pattern: '^/' },
  /** Comma-separated `host` (port 443) or `host:port` entries of the IDP that results may be sent to. */
  CALLBACK_ALLOWED_HOSTS: {
    type: 'array',
    items: { type: 'string', pattern: CALLBACK_HOST_PATTERN },
    minItems: 1,
  },
  /** The most a job may take; the IDP stops waiting at 60 s. */
  JOB_BUDGET_MS: { type: 'integer', minimum: 1000, maximum: 55_000, default: 45_000 },
  /** DynamoDB table of the jobs' first outcomes (idempotency). */
  IDEMPOTENCY_TABLE: { type: 'string', minLength: 1 },
  /** SSM SecureString the outcome encryption key is derived from. */
  RESULT_KEY_PARAMETER: { type: 'string', pattern: '^/' },
  LOG_LEVEL: { type: 'string', enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'], default: 'INFO' },
} as const;

export const proofingConfigRequired = [
  'ENVIRONMENT',
  'CALLBACK_TOKEN_PARAMETER',
  'CALLBACK_SIGNING_KEY_PARAMETER',
  'CALLBACK_ALLOWED_HOSTS',
  'IDEMPOTENCY_TABLE',
  'RESULT_KEY_PARAMETER',
] as const;

/** The proofing part of a job's config, typed from the schema above as `loadConfig` types it. */
export type ProofingConfig = FromSchema<{
  type: 'object';
  required: typeof proofingConfigRequired;
  properties: typeof proofingConfigProperties;
}>;

/** Shorter than this, the parameter holds a value too weak to be key material. */
export const MIN_OUTCOME_SECRET_LENGTH = 32;

/**
 * The outcome encryption key of one job type, derived with HKDF-SHA256 (the job type in its info), so the
 * parameter may hold any high-entropy string and no two job types share a key. Terraform's placeholder or a short
 * value is refused: encrypting outcomes under a public value would be encryption in name only.
 */
export function deriveOutcomeKey(secret: string, jobType: JobType): Uint8Array {
  const material = requireKeyMaterial(secret, 'RESULT_KEY_PARAMETER');
  return new Uint8Array(hkdfSync('sha256', material, '', `proofing-outcomes-v2:${jobType}`, 32));
}

/**
 * `secret` when it can serve as key material; Terraform's placeholder or a short value is refused with a
 * ConfigError naming `variable` (a signature or an encryption under a public value proves nothing).
 */
export function requireKeyMaterial(secret: string, variable: string): string {
  if (secret.startsWith('PLACEHOLDER') || secret.length < MIN_OUTCOME_SECRET_LENGTH) {
    throw new ConfigError(
      variable,
      `names a placeholder or a value shorter than ${MIN_OUTCOME_SECRET_LENGTH} characters: set it with tools/secrets`,
    );
  }
  return secret;
}

const stores = new Map<string, OutcomeStore>();

/** Builds a job's runtime from its config for one invocation; the outcome store lives as long as the module. */
export function jobRuntime(type: JobType, config: ProofingConfig, context: Context): JobRuntime {
  const storeId = `${type}|${config.IDEMPOTENCY_TABLE}|${config.RESULT_KEY_PARAMETER}`;
  let outcomes = stores.get(storeId);
  if (!outcomes) {
    outcomes = createOutcomeStore({
      jobType: type,
      tableName: config.IDEMPOTENCY_TABLE,
      encryptionKey: async () =>
        deriveOutcomeKey(await getSecureParameter(config.RESULT_KEY_PARAMETER), type),
    });
    stores.set(storeId, outcomes);
  }
  return {
    callbackToken: () => getSecureParameter(config.CALLBACK_TOKEN_PARAMETER),
    callbackSigningKey: async () =>
      requireKeyMaterial(
        await getSecureParameter(config.CALLBACK_SIGNING_KEY_PARAMETER),
        'CALLBACK_SIGNING_KEY_PARAMETER',
      ),
    policy: { environment: config.ENVIRONMENT, allowedHosts: config.CALLBACK_ALLOWED_HOSTS },
    deadlines: jobDeadlines({
      budgetMs: config.JOB_BUDGET_MS,
      remainingMs: context.getRemainingTimeInMillis(),
    }),
    outcomes,
    context,
  };
}

/**
 * A vendor choice read from config: `mock`, or a real vendor, which then needs the name of its Secrets Manager
 * secret in `<variable>_SECRET`. In `prod` a mock is refused: it would answer real applicants with made-up
 * verdicts, so the function fails at its first invocation, before it proofs anything.
 */
export function vendorSelection<Kind extends string>(
  environment: ProofingConfig['ENVIRONMENT'],
  variable: string,
  kind: 'mock' | Kind,
  secretName: string | undefined,
): VendorSelection<Kind> {
  if (kind === 'mock' && environment === 'prod') {
    throw new ConfigError(
      variable,
      'is mock, and mocks never run in prod: set the real vendor (docs/runbooks/proofing-launch.md)',
    );
  }
  if (kind === 'mock') return { kind: 'mock' };
  if (!secretName) throw new ConfigError(`${variable}_SECRET`, `is required when ${variable} is ${kind}`);
  return { kind, secretName } as VendorSelection<Kind>;
}
