import {
  LICENSING_PUBLIC_ROUTES,
  LOCAL_ENVIRONMENT,
  LOCAL_RECAPTCHA_SECRET_KEY,
  LOCAL_RECAPTCHA_VERIFY_PATH,
  type FunctionDeclaration,
  type ParameterDeclaration,
  type SecretDeclaration,
  type TableDeclaration,
} from '@backend/contracts';
import { LICENSING_FLAGS } from './flags.js';

// The licensing public API's resources as the local cloud deploys them (part of `licensingService`): the drift test
// holds them to terraform/services/licensing (read_api.tf, the functions) and terraform/stacks/data (the table,
// the flag parameters, the reCAPTCHA secret).

const env = LOCAL_ENVIRONMENT;

/** terraform/stacks/data: registration tokens and the registration's per-IP counters, both deleted by TTL. */
export const registrationsTable = `${env}-licensing-registrations`;
/** terraform/stacks/data: the reCAPTCHA secret key (Secrets Manager; its value never in Terraform's state). */
export const recaptchaSecretName = `${env}/licensing/recaptcha-secret`;
/** terraform/stacks/data: one String parameter per flag under this prefix. */
export const flagsParameterPrefix = `/${env}/licensing/flags`;
/** What the local registration mails link to (the page that continues a registration is its own issue). */
export const localContinueUrl = 'http://localhost:4200/provider/registration/continue';
/** The local registration mails' sender. */
const localMailFrom = 'no-reply@licensing.local.test';

/**
 * The local register-provider's settings, for what wires a registration in process against the local cloud (the
 * fuzz suite, the timing bench): the same values its declared environment below gives the function.
 */
export const localRegistrationSettings = (providersTable: string, recaptchaVerifyUrl: string) => ({
  PROVIDERS_TABLE: providersTable,
  REGISTRATIONS_TABLE: registrationsTable,
  MAIL_FROM: localMailFrom,
  REGISTRATION_CONTINUE_URL: localContinueUrl,
  RECAPTCHA_SECRET: recaptchaSecretName,
  RECAPTCHA_VERIFY_URL: recaptchaVerifyUrl,
  // The local stand-in's tokens are made for `localhost` unless asked otherwise.
  RECAPTCHA_HOSTNAMES: ['localhost'],
});

export const publicTables: readonly TableDeclaration[] = [
  { name: registrationsTable, partitionKey: { name: 'key', type: 'S' }, ttlAttribute: 'expiresAt' },
];

export const flagParameters: readonly ParameterDeclaration[] = Object.entries(LICENSING_FLAGS).map(
  ([flag, declaration]) => ({
    name: `${flagsParameterPrefix}/${flag}`,
    type: 'String',
    localValue: String(declaration.default),
  }),
);

export const publicSecrets: readonly SecretDeclaration[] = [
  { name: recaptchaSecretName, localValue: LOCAL_RECAPTCHA_SECRET_KEY },
];

const routeOf = (app: string) => LICENSING_PUBLIC_ROUTES.find((route) => route.app === app)!.routeKey;

/** No JWT authorizer: public routes (reCAPTCHA and the rate limit guard registration). */
export const publicFunctions = (providersTable: string): readonly FunctionDeclaration[] => [
  {
    name: `${env}-register-provider`,
    app: 'register-provider',
    timeoutSeconds: 15,
    memoryMb: 512,
    environment: {
      ENVIRONMENT: env,
      PROVIDERS_TABLE: providersTable,
      REGISTRATIONS_TABLE: registrationsTable,
      MAIL_FROM: localMailFrom,
      REGISTRATION_CONTINUE_URL: localContinueUrl,
      RECAPTCHA_SECRET: recaptchaSecretName,
      RECAPTCHA_VERIFY_URL: { edgeUrl: LOCAL_RECAPTCHA_VERIFY_PATH },
      // The local stand-in's tokens are made for `localhost` unless asked otherwise.
      RECAPTCHA_HOSTNAMES: 'localhost',
      RECAPTCHA_MIN_SCORE: '0.5',
    },
    routes: [routeOf('register-provider')],
  },
  {
    name: `${env}-check-feature-flag`,
    app: 'check-feature-flag',
    timeoutSeconds: 10,
    memoryMb: 256,
    // No StatSig locally (its key would be a real one): the flags come from the local SSM.
    environment: {
      ENVIRONMENT: env,
      FLAG_SOURCE: 'ssm',
      FLAGS_PARAMETER_PREFIX: flagsParameterPrefix,
      STATSIG_SECRET: '',
    },
    routes: [routeOf('check-feature-flag')],
  },
];
