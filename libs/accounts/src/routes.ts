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
import type { BlockList } from 'node:net';
import type { Accounts, RequestOrigin } from './accounts.js';
import { clientAddress, trustedProxies } from './client-address.js';

/**
 * Who is asking: the client's address (`clientAddress`: CloudFront's viewer when the request came from a trusted
 * edge, API Gateway's `sourceIp` otherwise) and the bearer session, if any.
 */
const originOf = (request: HttpRequest, trusted: BlockList): RequestOrigin => {
  const sessionToken = bearerToken(request.headers);
  return {
    sourceIp: clientAddress(request, trusted),
    ...(sessionToken === undefined ? {} : { sessionToken }),
  };
};

/** One HTTP route: the body validated against its schema, the operation, the route's success status. */
const routeOf =
  <I, O>(
    app: AccountsApp,
    validate: (value: unknown) => I,
    run: (input: I, origin: RequestOrigin) => Promise<O>,
    trusted: () => BlockList,
  ): HttpRoute =>
  async (request) => {
    const origin = originOf(request, trusted());
    return { status: accountsRoute(app).successStatus, body: await run(validate(request.json()), origin) };
  };

/**
 * The six routes over the operations, one per function (apps/<app>/src/handler.ts wraps one in `httpHandler`;
 * the fuzz suite wraps all of them the same way). `trustedProxyCidrs` gives the function's `TRUSTED_PROXY_CIDRS`
 * (none by default): read and parsed on the first request, as the config is, and kept for the container's life.
 */
export function accountsRoutes(
  accounts: Accounts,
  trustedProxyCidrs: () => readonly string[] = () => [],
): Readonly<Record<AccountsApp, HttpRoute>> {
  let parsed: BlockList | undefined;
  const trusted = () => (parsed ??= trustedProxies(trustedProxyCidrs()));
  const route = <I, O>(
    app: AccountsApp,
    validate: (value: unknown) => I,
    run: (input: I, origin: RequestOrigin) => Promise<O>,
  ) => routeOf(app, validate, run, trusted);
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
