import { accountsRoutes, lazyAccounts, rateLimiter, usersTable } from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import { httpHandler } from '@backend/platform';
import { config } from './config.js';

const dynamodb = createDocumentClient();
const accounts = lazyAccounts(() => ({
  users: usersTable(dynamodb, config().USERS_TABLE),
  limiter: rateLimiter(dynamodb, config().RATE_LIMIT_TABLE),
}));

/** POST /api/accounts/verify: the mailed token verifies the address, once, within 24 hours. */
export const handler = httpHandler(
  accountsRoutes(accounts, () => config().TRUSTED_PROXY_CIDRS)['verify-user'],
);
