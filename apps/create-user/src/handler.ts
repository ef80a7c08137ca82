import {
  accountsRoutes,
  checkPasswordPolicy,
  lazyAccounts,
  rateLimiter,
  usersTable,
} from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import { createMailer, httpHandler } from '@backend/platform';
import { config } from './config.js';

const dynamodb = createDocumentClient();
const accounts = lazyAccounts(() => ({
  users: usersTable(dynamodb, config().USERS_TABLE),
  limiter: rateLimiter(dynamodb, config().RATE_LIMIT_TABLE),
  passwordPolicy: checkPasswordPolicy,
  mailer: createMailer({ from: config().MAIL_FROM }),
  publicBaseUrl: config().PUBLIC_BASE_URL,
}));

/** POST /api/accounts/users: sign up; 202 and a mail whether or not the address has an account. */
export const handler = httpHandler(
  accountsRoutes(accounts, () => config().TRUSTED_PROXY_CIDRS)['create-user'],
);
