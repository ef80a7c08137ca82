import {
  accountsRoutes,
  createFederation,
  lazyAccounts,
  rateLimiter,
  sessionIssuer,
  sessionKeyringFrom,
  usersTable,
} from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import { httpHandler } from '@backend/platform';
import { config } from './config.js';

const dynamodb = createDocumentClient();
const accounts = lazyAccounts(() => {
  const { IDENTITY_POOL_ID, DEVELOPER_PROVIDER_NAME } = config();
  return {
    users: usersTable(dynamodb, config().USERS_TABLE),
    limiter: rateLimiter(dynamodb, config().RATE_LIMIT_TABLE),
    sessionKeyring: sessionKeyringFrom(config().SESSION_KEYS_SECRET),
    issuer: sessionIssuer(config().ENVIRONMENT),
    // Where the environment configures an identity pool, each login also gets a Cognito developer identity.
    ...(IDENTITY_POOL_ID === ''
      ? {}
      : {
          federation: createFederation({
            identityPoolId: IDENTITY_POOL_ID,
            developerProviderName: DEVELOPER_PROVIDER_NAME,
          }),
        }),
  };
});

/** POST /api/accounts/login: a session JWT (and a Cognito identity); "invalid credentials" for anything wrong. */
export const handler = httpHandler(accountsRoutes(accounts, () => config().TRUSTED_PROXY_CIDRS).login);
