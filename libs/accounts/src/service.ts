import {
  ACCOUNTS_ROUTES,
  LOCAL_ENVIRONMENT,
  type EnvValue,
  type ServiceDeclaration,
} from '@backend/contracts';
import { PAGES_PREFIX } from './mail.js';
import { newSessionKeyringDocument } from './sessions.js';

// The accounts service as the local cloud deploys it (tools/services lists it); the drift test in tools/services
// holds it to terraform/services/accounts and terraform/stacks/data.

const env = LOCAL_ENVIRONMENT;

/** terraform/stacks/data: users, keyed by the normalised address. */
export const usersTableName = `${env}-accounts-users`;
/** terraform/stacks/data: rate-limit counters, deleted by TTL after their window. */
export const rateLimitTableName = `${env}-accounts-rate-limits`;
/** terraform/stacks/data: the pages' bucket behind CloudFront in AWS (locally the pages are served from the directory). */
export const pagesBucketName = `${env}-accounts-pages`;
/** terraform/stacks/data: the session signing keyring (Secrets Manager). */
export const sessionKeysSecretName = `${env}/accounts/session-keys`;

const tables = { USERS_TABLE: usersTableName, RATE_LIMIT_TABLE: rateLimitTableName };
// No CloudFront in front of the local HTTP API: no proxy is trusted, and every request counts under its sourceIp.
const proxies = { TRUSTED_PROXY_CIDRS: '' };
const mail = { MAIL_FROM: 'no-reply@accounts.local.test', PUBLIC_BASE_URL: { httpApiUrl: true } } as const;
const sessions = { SESSION_KEYS_SECRET: sessionKeysSecretName };
/** terraform/stacks/data (modules/identity_pool): where logins are federated; the local cloud answers as Cognito. */
export const identityPool = { name: `${env}_accounts`, developerProviderName: `login.accounts.${env}` };
const federation = {
  IDENTITY_POOL_ID: { identityPoolId: identityPool.name },
  DEVELOPER_PROVIDER_NAME: identityPool.developerProviderName,
};

// What each function reads besides ENVIRONMENT and the tables (apps/<app>/src/config.ts).
const environmentOf: Readonly<Record<string, Readonly<Record<string, EnvValue>>>> = {
  'create-user': mail,
  'verify-user': {},
  login: { ...sessions, ...federation },
  'change-password': sessions,
  'lost-password': mail,
  'reset-password': {},
};

/** terraform/services/accounts (compute) and terraform/stacks/data (its tables and secret). */
export const accountsService: ServiceDeclaration = {
  service: 'accounts',
  tables: [
    { name: usersTableName, partitionKey: { name: 'email', type: 'S' } },
    { name: rateLimitTableName, partitionKey: { name: 'key', type: 'S' }, ttlAttribute: 'expiresAt' },
  ],
  buckets: [{ name: pagesBucketName, notifications: [] }],
  // A fresh key for every local cloud (kept with --data): no private key is ever committed.
  secrets: [{ name: sessionKeysSecretName, localValue: newSessionKeyringDocument }],
  functions: ACCOUNTS_ROUTES.map((route) => ({
    name: `${env}-${route.app}`,
    app: route.app,
    timeoutSeconds: 10,
    // scrypt at N = 2^17 needs 128 MiB (libs/crypto); CPU scales with memory in Lambda (terraform/services/accounts).
    memoryMb: 1024,
    environment: { ENVIRONMENT: env, ...tables, ...proxies, ...environmentOf[route.app] },
    routes: [route.routeKey],
  })),
  pages: [{ prefix: PAGES_PREFIX, directory: 'libs/accounts/pages' }],
  identityPools: [identityPool],
};
