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

const origin = (request: HttpRequest): RequestOrigin => {
  const sessionToken = bearerToken(request.headers);
  return { sourceIp: request.sourceIp, ...(sessionToken === undefined ? {} : { sessionToken }) };
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
