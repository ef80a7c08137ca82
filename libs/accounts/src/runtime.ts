import { randomUUID } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_ENVIRONMENT } from '@backend/contracts';
import { PASSWORD_HASH_PARAMETERS, hashPassword, type ScryptParameters } from '@backend/crypto';
import { createMailer, getSecret } from '@backend/platform';
import { RateLimiter, Table, createDocumentClient } from '@backend/persistence';
import { createAccounts, type Accounts, type AccountsOptions } from './accounts.js';
import { normaliseEmail } from './email.js';
import { checkPasswordPolicy } from './password-policy.js';
import { rateLimitTableName, sessionKeysSecretName, usersTableName } from './service.js';
import { parseSessionKeyring, type SessionKeyring } from './sessions.js';

/** The environment variables the accounts functions read; each app's config picks its own from these. */
export const accountsConfigProperties = {
  ENVIRONMENT: { type: 'string', enum: ['local', 'sandbox', 'test', 'beta', 'prod'] },
  /** The users table (partition key `email`). */
  USERS_TABLE: { type: 'string', minLength: 1 },
  /** The rate-limit counters (partition key `key`, TTL `expiresAt`). */
  RATE_LIMIT_TABLE: { type: 'string', minLength: 1 },
  /** A verified SES identity. */
  MAIL_FROM: { type: 'string', minLength: 3 },
  /** Where the pages are served (CloudFront, or the local HTTP API): mailed links point there. */
  PUBLIC_BASE_URL: { type: 'string', pattern: '^https?://' },
  /** Secrets Manager: the session signing keyring (JSON, `sessions.ts`). */
  SESSION_KEYS_SECRET: { type: 'string', minLength: 1 },
  /** Cognito identity pool of developer-authenticated identities; empty where logins are not federated. */
  IDENTITY_POOL_ID: { type: 'string', default: '' },
  /** The pool's developer provider name (`login.<service>`). */
  DEVELOPER_PROVIDER_NAME: { type: 'string', default: '' },
  /**
   * Comma-separated CIDRs of the proxies whose `CloudFront-Viewer-Address` is believed: CloudFront's origin-facing
   * ranges in AWS (terraform/services/accounts), none locally. Empty: every request is counted under its `sourceIp`.
   */
  TRUSTED_PROXY_CIDRS: { type: 'array', items: { type: 'string' }, default: [] },
  LOG_LEVEL: { type: 'string', enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'], default: 'INFO' },
} as const;

/** What every accounts function reads (terraform/services/accounts `local.function_environment`, and LOG_LEVEL). */
export const accountsFunctionConfigProperties = {
  ENVIRONMENT: accountsConfigProperties.ENVIRONMENT,
  USERS_TABLE: accountsConfigProperties.USERS_TABLE,
  RATE_LIMIT_TABLE: accountsConfigProperties.RATE_LIMIT_TABLE,
  TRUSTED_PROXY_CIDRS: accountsConfigProperties.TRUSTED_PROXY_CIDRS,
  LOG_LEVEL: accountsConfigProperties.LOG_LEVEL,
} as const;

/** The variables of `accountsFunctionConfigProperties` without a default. */
export const ACCOUNTS_FUNCTION_REQUIRED_CONFIG = ['ENVIRONMENT', 'USERS_TABLE', 'RATE_LIMIT_TABLE'] as const;

/** The sessions' issuer (`iss`): one per environment, so a sandbox session is refused in prod. */
export const sessionIssuer = (environment: string) => `accounts.${environment}`;

export const usersTable = (client: DynamoDBDocumentClient, tableName: string) =>
  new Table({ client, tableName, partitionKey: 'email' });

export const rateLimiter = (client: DynamoDBDocumentClient, tableName: string) =>
  new RateLimiter({ table: new Table({ client, tableName, partitionKey: 'key' }) });

/** The keyring from Secrets Manager, cached 30 s (`getSecret`), so a rotation step reaches every function within a minute. */
export const sessionKeyringFrom =
  (secretName: string): (() => Promise<SessionKeyring>) =>
  async () =>
    parseSessionKeyring(await getSecret(secretName));

/**
 * The operations, with their dependencies built on first use from the function's config: importing a handler
 * touches no network and reads no variable.
 */
export function lazyAccounts(build: () => AccountsOptions): Accounts {
  let accounts: Accounts | undefined;
  const resolved = () => (accounts ??= createAccounts(build()));
  return {
    createUser: (input, origin) => resolved().createUser(input, origin),
    verifyUser: (input, origin) => resolved().verifyUser(input, origin),
    login: (input, origin) => resolved().login(input, origin),
    changePassword: (input, origin) => resolved().changePassword(input, origin),
    lostPassword: (input, origin) => resolved().lostPassword(input, origin),
    resetPassword: (input, origin) => resolved().resetPassword(input, origin),
  };
}

export interface LocalAccountsOptions {
  /** The local cloud's SDK settings (`endpoint`, `region`, `credentials`). */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** Where mailed links point; the local HTTP API in practice. */
  readonly publicBaseUrl?: string;
  readonly hashParameters?: ScryptParameters;
  readonly now?: () => number;
}

export interface LocalAccounts {
  readonly accounts: Accounts;
  /** Writes a verified user with this password straight to the users table (seeding, benchmarks). */
  createVerifiedUser(email: string, password: string): Promise<void>;
  destroy(): void;
}

/**
 * The operations wired to a local cloud's accounts resources as `accountsService` declares them (its tables, the
 * keyring secret, SES), with every dependency a function would have: for tools that act on the local service
 * (`npm run bench`, seeding) and tests that prepare users without going through the functions.
 */
export function localAccounts(options: LocalAccountsOptions): LocalAccounts {
  const dynamodb = createDocumentClient(options.clientConfig);
  const ses = new SESClient(options.clientConfig);
  const secrets = new SecretsManagerClient(options.clientConfig);
  const users = usersTable(dynamodb, usersTableName);
  const params = options.hashParameters ?? PASSWORD_HASH_PARAMETERS;
  const accounts = createAccounts({
    users,
    limiter: rateLimiter(dynamodb, rateLimitTableName),
    passwordPolicy: checkPasswordPolicy,
    mailer: createMailer({ from: 'no-reply@accounts.local.test', sesClient: ses }),
    publicBaseUrl: options.publicBaseUrl ?? 'http://127.0.0.1',
    sessionKeyring: async () =>
      parseSessionKeyring(await getSecret(sessionKeysSecretName, { secretsClient: secrets })),
    issuer: sessionIssuer(LOCAL_ENVIRONMENT),
    hashParameters: params,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    accounts,
    async createVerifiedUser(email, password) {
      const stamp = new Date().toISOString();
      await users.putNew({
        email: normaliseEmail(email),
        userId: randomUUID(),
        passwordHash: await hashPassword(password, params),
        status: 'verified',
        sessionVersion: 1,
        createdAt: stamp,
        passwordChangedAt: stamp,
        verifyTokenHash: null,
        verifyExpiresAt: null,
        resetTokenHash: null,
        resetExpiresAt: null,
      });
    },
    destroy() {
      dynamodb.destroy();
      ses.destroy();
      secrets.destroy();
    },
  };
}
