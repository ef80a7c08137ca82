export {
  RESET_TOKEN_LIFETIME_SECONDS,
  VERIFY_TOKEN_LIFETIME_SECONDS,
  createAccounts,
  type Accounts,
  type AccountsOptions,
  type RequestOrigin,
  type UserRecord,
} from './accounts.js';
export { normaliseEmail } from './email.js';
export {
  EmailNotVerifiedError,
  InvalidCredentialsError,
  InvalidLinkError,
  InvalidSessionError,
  SessionKeyringError,
  WeakPasswordError,
} from './errors.js';
export {
  createFederation,
  type FederatedIdentity,
  type Federation,
  type FederationOptions,
} from './federation.js';
export {
  PAGES_PREFIX,
  alreadyRegisteredMail,
  noAccountMail,
  pageLink,
  resetPasswordMail,
  verifyEmailMail,
} from './mail.js';
export {
  MAX_PASSWORD_CHARACTERS,
  MIN_PASSWORD_CHARACTERS,
  checkPasswordPolicy,
  loadCommonPasswords,
  type PasswordPolicy,
} from './password-policy.js';
export { RATE_LIMITS } from './rate-limits.js';
export {
  ACCOUNTS_FUNCTION_REQUIRED_CONFIG,
  accountsConfigProperties,
  accountsFunctionConfigProperties,
  lazyAccounts,
  localAccounts,
  type LocalAccounts,
  type LocalAccountsOptions,
  rateLimiter,
  sessionIssuer,
  sessionKeyringFrom,
  usersTable,
} from './runtime.js';
export { accountsService, rateLimitTableName, sessionKeysSecretName, usersTableName } from './service.js';
export {
  SESSION_LIFETIME_SECONDS,
  issueSession,
  newSessionKey,
  newSessionKeyringDocument,
  parseSessionKeyring,
  rotateSessionKeyring,
  verifySession,
  type SessionClaims,
  type SessionKeyring,
  type SessionKeyringDocument,
} from './sessions.js';
export { asUnavailable } from './unavailable.js';
export { accountsRoutes } from './routes.js';
export { TRUSTED_PROXY_CIDRS, clientAddress, trustedProxies, viewerAddress } from './client-address.js';
