import {
  accountsRoute,
  validateChangePasswordInput,
  validateCreateUserInput,
  validateLoginInput,
  validateLostPasswordInput,
  validateResetPasswordInput,
  validateVerifyUserInput,
  type AccountsApp,
} from '@backend/contracts';
import { bearerToken, validatorFrom, type HttpRequest, type HttpRoute } from '@backend/platform';
import type { Accounts, RequestOrigin } from './accounts.js';

/**
 * The client's address. Behind CloudFront (modules/static_site), API Gateway's `sourceIp` is a CloudFront edge, and
 * the client is in `CloudFront-Viewer-Address` (`<ip>:<port>`, which CloudFront sets and overwrites); without that
 * header the request came to the API directly and `sourceIp` is the client. A caller who bypasses CloudFront can
 * send the header itself and so choose the address its per-IP budget is counted under; the per-address budgets and
 * the back-off hold all the same (docs/accounts.md).
 */
export function clientAddress(request: HttpRequest): string {
  const viewer = request.headers['cloudfront-viewer-address'];
  const ip = viewer === undefined ? undefined : viewer.slice(0, Math.max(0, viewer.lastIndexOf(':')));
  return ip !== undefined && /^[0-9a-fA-F.:]{2,45}$/.test(ip) ? ip : request.sourceIp;
}

const origin = (request: HttpRequest): RequestOrigin => {
  const sessionToken = bearerToken(request.headers);
  return { sourceIp: clientAddress(request), ...(sessionToken === undefined ? {} : { sessionToken }) };
};

/** One HTTP route: the body validated against its schema, the operation, the route's success status. */
const route =
  <I, O>(
    app: AccountsApp,
    validate: (value: unknown) => I,
    run: (input: I, origin: RequestOrigin) => Promise<O>,
  ): HttpRoute =>
  async (request) => ({
    status: accountsRoute(app).successStatus,
    body: await run(validate(request.json()), origin(request)),
  });

/**
 * The six routes over the operations, one per function (apps/<app>/src/handler.ts wraps one in `httpHandler`;
 * the fuzz suite wraps all of them the same way).
 */
export function accountsRoutes(accounts: Accounts): Readonly<Record<AccountsApp, HttpRoute>> {
  return {
    'create-user': route('create-user', validatorFrom(validateCreateUserInput), accounts.createUser),
    'verify-user': route('verify-user', validatorFrom(validateVerifyUserInput), accounts.verifyUser),
    login: route('login', validatorFrom(validateLoginInput), accounts.login),
    'change-password': route(
      'change-password',
      validatorFrom(validateChangePasswordInput),
      accounts.changePassword,
    ),
    'lost-password': route('lost-password', validatorFrom(validateLostPasswordInput), accounts.lostPassword),
    'reset-password': route(
      'reset-password',
      validatorFrom(validateResetPasswordInput),
      accounts.resetPassword,
    ),
  };
}
