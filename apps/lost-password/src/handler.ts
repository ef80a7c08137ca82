import { accountsRoutes, lazyAccounts, rateLimiter, usersTable } from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import { createMailer, httpHandler } from '@backend/platform';
import { config } from './config.js';

const dynamodb = createDocumentClient();
const accounts = lazyAccounts(() => ({
  users: usersTable(dynamodb, config().USERS_TABLE),
  limiter: rateLimiter(dynamodb, config().RATE_LIMIT_TABLE),
  mailer: createMailer({ from: config().MAIL_FROM }),
  publicBaseUrl: config().PUBLIC_BASE_URL,
}));

/** POST /api/accounts/lost-password: 202 and a mail (a reset link, or a note that there is no account). */
export const handler = httpHandler(
  accountsRoutes(accounts, () => config().TRUSTED_PROXY_CIDRS)['lost-password'],
);
