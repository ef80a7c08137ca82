import {
  accountsRoutes,
  checkPasswordPolicy,
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
const accounts = lazyAccounts(() => ({
  users: usersTable(dynamodb, config().USERS_TABLE),
  limiter: rateLimiter(dynamodb, config().RATE_LIMIT_TABLE),
  passwordPolicy: checkPasswordPolicy,
  sessionKeyring: sessionKeyringFrom(config().SESSION_KEYS_SECRET),
  issuer: sessionIssuer(config().ENVIRONMENT),
}));

/** POST /api/accounts/password: the signed-in user (Bearer session) changes the password; earlier sessions end. */
export const handler = httpHandler(
  accountsRoutes(accounts, () => config().TRUSTED_PROXY_CIDRS)['change-password'],
);
