import type { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createMailer, lazyConfig } from '@backend/platform';
import { RateLimiter, Table, createDocumentClient } from '@backend/persistence';
import {
  GoogleRecaptchaVerifier,
  createFeatureFlags,
  type FeatureFlags,
  type SecretSource,
} from '@backend/vendors';
import { LICENSING_FLAGS, type LicensingFlag } from './flags.js';
import { createRegistration, type Registration, type RegistrationDependencies } from './registration.js';

const ENVIRONMENT = { type: 'string', enum: ['local', 'sandbox', 'test', 'beta', 'prod'] } as const;
const LOG_LEVEL = { type: 'string', enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'], default: 'INFO' } as const;

/** register-provider's environment variables (terraform/services/licensing sets the same names). */
export const registrationConfigSchema = {
  type: 'object',
  required: [
    'ENVIRONMENT',
    'PROVIDERS_TABLE',
    'REGISTRATIONS_TABLE',
    'MAIL_FROM',
    'REGISTRATION_CONTINUE_URL',
    'RECAPTCHA_SECRET',
    'RECAPTCHA_VERIFY_URL',
    'RECAPTCHA_HOSTNAMES',
  ],
  properties: {
    ENVIRONMENT,
    /** Providers and their licenses: the `providers-by-name` index is queried. */
    PROVIDERS_TABLE: { type: 'string', minLength: 1 },
    /** Registration tokens and the per-IP counters (partition key `key`, TTL `expiresAt`). */
    REGISTRATIONS_TABLE: { type: 'string', minLength: 1 },
    /** A verified SES identity. */
    MAIL_FROM: { type: 'string', minLength: 3 },
    /** The page that continues a registration; the mailed link is this URL with `#token=…`. */
    REGISTRATION_CONTINUE_URL: { type: 'string', pattern: '^https?://' },
    /** Secrets Manager: the reCAPTCHA secret key (plain text). */
    RECAPTCHA_SECRET: { type: 'string', minLength: 1 },
    /** Google's siteverify; the local cloud's stand-in under npm start. */
    RECAPTCHA_VERIFY_URL: { type: 'string', pattern: '^https?://' },
    /** The hostnames of the pages that make tokens, comma-separated. */
    RECAPTCHA_HOSTNAMES: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    /** The lowest score accepted (Google suggests 0.5 to start with). */
    RECAPTCHA_MIN_SCORE: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
    LOG_LEVEL,
  },
} as const;

/** check-feature-flag's environment variables. */
export const flagCheckConfigSchema = {
  type: 'object',
  required: ['ENVIRONMENT', 'FLAG_SOURCE', 'FLAGS_PARAMETER_PREFIX'],
  properties: {
    ENVIRONMENT,
    /** `ssm` (the default source) or `statsig`. */
    FLAG_SOURCE: { type: 'string', enum: ['ssm', 'statsig'] },
    /** Flag `x` is the SSM parameter `<prefix>/x`. */
    FLAGS_PARAMETER_PREFIX: { type: 'string', pattern: '^/' },
    /** Secrets Manager: StatSig's server secret key, where FLAG_SOURCE is `statsig`. */
    STATSIG_SECRET: { type: 'string', default: '' },
    LOG_LEVEL,
  },
} as const;

export const registrationConfig = lazyConfig(registrationConfigSchema);
export const flagCheckConfig = lazyConfig(flagCheckConfigSchema);

type RegistrationConfig = ReturnType<typeof registrationConfig>;

/** What a registration needs of register-provider's config (the bench and the tests give the local cloud's). */
export type RegistrationSettings = Pick<
  RegistrationConfig,
  | 'PROVIDERS_TABLE'
  | 'REGISTRATIONS_TABLE'
  | 'MAIL_FROM'
  | 'REGISTRATION_CONTINUE_URL'
  | 'RECAPTCHA_SECRET'
  | 'RECAPTCHA_VERIFY_URL'
  | 'RECAPTCHA_HOSTNAMES'
> &
  Partial<Pick<RegistrationConfig, 'RECAPTCHA_MIN_SCORE'>>;

/** The AWS clients a registration reaches; each defaults to the platform's own. */
export interface RegistrationClients {
  readonly dynamo?: DynamoDBDocumentClient;
  readonly ses?: SESClient;
  readonly secrets?: SecretSource;
  readonly logger?: RegistrationDependencies['logger'];
}

/** A registration wired from its settings: the function's (registrationRuntime), the bench's and the tests'. */
export function registrationFrom(
  settings: RegistrationSettings,
  clients: RegistrationClients = {},
): Registration {
  const dynamo = clients.dynamo ?? createDocumentClient();
  const registrations = new Table({
    client: dynamo,
    tableName: settings.REGISTRATIONS_TABLE,
    partitionKey: 'key',
  });
  return createRegistration({
    providers: new Table({
      client: dynamo,
      tableName: settings.PROVIDERS_TABLE,
      partitionKey: 'pk',
      sortKey: 'sk',
    }),
    registrations,
    limiter: new RateLimiter({ table: registrations }),
    recaptcha: new GoogleRecaptchaVerifier({
      secretName: settings.RECAPTCHA_SECRET,
      ...(clients.secrets === undefined ? {} : { secrets: clients.secrets }),
      verifyUrl: settings.RECAPTCHA_VERIFY_URL,
      hostnames: settings.RECAPTCHA_HOSTNAMES,
      ...(settings.RECAPTCHA_MIN_SCORE === undefined ? {} : { minScore: settings.RECAPTCHA_MIN_SCORE }),
    }),
    mailer: createMailer({
      from: settings.MAIL_FROM,
      ...(clients.ses === undefined ? {} : { sesClient: clients.ses }),
    }),
    continueUrl: settings.REGISTRATION_CONTINUE_URL,
    ...(clients.logger === undefined ? {} : { logger: clients.logger }),
  });
}

/** register-provider's dependencies, built on first use from its config (importing the handler touches nothing). */
export function registrationRuntime(): () => Registration {
  let registration: Registration | undefined;
  return () => (registration ??= registrationFrom(registrationConfig()));
}

/**
 * The StatSig environment tier a deployment evaluates its gates in: the function's own environment, never a
 * caller's (a check cannot ask for prod's rules from sandbox).
 */
export const statsigTier = (environment: string) =>
  environment === 'prod' ? 'production' : environment === 'beta' ? 'staging' : 'development';

/**
 * check-feature-flag's flags, made once per container so that a warm function keeps the source's cache (SSM
 * values 30 s; StatSig's rules in memory, synced in the background).
 */
export function flagCheckRuntime(): () => FeatureFlags<LicensingFlag> {
  let flags: FeatureFlags<LicensingFlag> | undefined;
  return () => {
    if (flags !== undefined) return flags;
    const config = flagCheckConfig();
    flags =
      config.FLAG_SOURCE === 'statsig'
        ? createFeatureFlags(LICENSING_FLAGS, {
            kind: 'statsig',
            secretName: config.STATSIG_SECRET,
            environment: statsigTier(config.ENVIRONMENT),
          })
        : createFeatureFlags(LICENSING_FLAGS, {
            kind: 'ssm',
            parameterPrefix: config.FLAGS_PARAMETER_PREFIX,
          });
    return flags;
  };
}
