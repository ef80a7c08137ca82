import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ParameterError } from './errors.js';

/**
 * How long a value is served from memory. Short enough that a rotated token is picked up within a
 * minute, long enough that a warm function does not call SSM on every invocation.
 */
export const DEFAULT_MAX_AGE_SECONDS = 30;

/**
 * The default cache age: Powertools' own `POWERTOOLS_PARAMETERS_MAX_AGE` when the environment sets it (a test
 * of rotation uses a short one), else 30 s. Read on each call, so it never needs a module reload.
 */
const defaultMaxAge = (): number => {
  const raw = process.env.POWERTOOLS_PARAMETERS_MAX_AGE;
  const configured = raw ? Number(raw) : NaN;
  return Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_MAX_AGE_SECONDS;
};

export interface SecureParameterOptions {
  maxAgeSeconds?: number;
  /** The client to read with; a default `SSMClient` (region and credentials from the environment) otherwise. */
  ssmClient?: SSMClient;
}

export interface SecretOptions {
  maxAgeSeconds?: number;
  secretsClient?: SecretsManagerClient;
}

// One Powertools provider (and its cache) per client. The default providers, and the SDK clients
// they build, are created on first use: importing this module touches no network and no credentials.
const ssmProviders = new WeakMap<SSMClient, SSMProvider>();
const secretsProviders = new WeakMap<SecretsManagerClient, SecretsProvider>();
let defaultSsmProvider: SSMProvider | undefined;
let defaultSecretsProvider: SecretsProvider | undefined;

const ssmProviderFor = (client: SSMClient | undefined): SSMProvider => {
  if (client === undefined) return (defaultSsmProvider ??= new SSMProvider());
  let provider = ssmProviders.get(client);
  if (provider === undefined) {
    provider = new SSMProvider({ awsSdkV3Client: client });
    ssmProviders.set(client, provider);
  }
  return provider;
};

const secretsProviderFor = (client: SecretsManagerClient | undefined): SecretsProvider => {
  if (client === undefined) return (defaultSecretsProvider ??= new SecretsProvider());
  let provider = secretsProviders.get(client);
  if (provider === undefined) {
    provider = new SecretsProvider({ awsSdkV3Client: client });
    secretsProviders.set(client, provider);
  }
  return provider;
};

const errorKind = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.name : 'unknown error';
};

// With `throwOnMissing`, Powertools turns SSM's ParameterNotFound and Secrets Manager's
// ResourceNotFoundException into its own ParameterNotFoundError.
const isNotFound = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ParameterNotFoundError';

/**
 * The decrypted value of an SSM parameter (SecureString or String), cached for `maxAgeSeconds`
 * (default 30). Throws `ParameterError` naming the parameter, never its value, when it is missing,
 * empty or unreadable.
 */
export async function getSecureParameter(
  name: string,
  options: SecureParameterOptions = {},
): Promise<string> {
  const provider = ssmProviderFor(options.ssmClient);
  let value: unknown;
  try {
    value = await provider.get(name, {
      decrypt: true,
      maxAge: options.maxAgeSeconds ?? defaultMaxAge(),
      throwOnMissing: true,
    });
  } catch (error) {
    const reason = isNotFound(error) ? 'does not exist' : `could not be read (${errorKind(error)})`;
    throw new ParameterError(name, `SSM parameter ${name} ${reason}`, { cause: error });
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new ParameterError(name, `SSM parameter ${name} is empty`);
  }
  return value;
}

/**
 * The value of a Secrets Manager secret as a string (a binary secret is decoded as UTF-8), cached for
 * `maxAgeSeconds` (default 30). Throws `ParameterError` naming the secret, never its value.
 */
export async function getSecret(name: string, options: SecretOptions = {}): Promise<string> {
  const provider = secretsProviderFor(options.secretsClient);
  let value: unknown;
  try {
    value = await provider.get(name, {
      maxAge: options.maxAgeSeconds ?? defaultMaxAge(),
      throwOnMissing: true,
    });
  } catch (error) {
    const reason = isNotFound(error) ? 'does not exist' : `could not be read (${errorKind(error)})`;
    throw new ParameterError(name, `Secret ${name} ${reason}`, { cause: error });
  }
  const text = value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value;
  if (typeof text !== 'string' || text.length === 0) {
    throw new ParameterError(name, `Secret ${name} is empty`);
  }
  return text;
}
