import {
  accountsRoutes,
  checkPasswordPolicy,
  lazyAccounts,
  rateLimiter,
  usersTable,
} from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import { httpHandler } from '@backend/platform';
import { config } from './config.js';

const dynamodb = createDocumentClient();
const accounts = lazyAccounts(() => ({
  users: usersTable(dynamodb, config().USERS_TABLE),
  limiter: rateLimiter(dynamodb, config().RATE_LIMIT_TABLE),
  passwordPolicy: checkPasswordPolicy,
}));

/** POST /api/accounts/reset-password: the mailed token sets a new password, once, within an hour; earlier sessions end. */
export const handler = httpHandler(
  accountsRoutes(accounts, () => config().TRUSTED_PROXY_CIDRS)['reset-password'],
);
