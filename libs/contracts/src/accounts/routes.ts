import { errorEnvelopeSchema, openApiComponent } from '../error-envelope.js';
import {
  acceptedOutputSchema,
  changePasswordInputSchema,
  createUserInputSchema,
  doneOutputSchema,
  loginInputSchema,
  loginOutputSchema,
  lostPasswordInputSchema,
  resetPasswordInputSchema,
  verifyUserInputSchema,
} from './schemas.js';

/** One route of the accounts API: its function (an app under `apps/`), its bodies and its answers. */
export interface AccountsRoute {
  readonly app: string;
  readonly routeKey: `POST /api/accounts/${string}`;
  readonly summary: string;
  readonly request: { readonly $id: string };
  readonly response: { readonly $id: string };
  readonly successStatus: 200 | 202;
  /** Needs the session JWT of `login` as `Authorization: Bearer`. */
  readonly session: boolean;
  /** The client errors this route may answer besides 400 (bad input), 413, 415 and 429 (rate limit). */
  readonly errors: readonly number[];
}

/**
 * The accounts API, written once: the service declaration (`libs/accounts`), the OpenAPI document and the pages
 * all read their paths from here.
 */
export const ACCOUNTS_ROUTES = [
  {
    app: 'create-user',
    routeKey: 'POST /api/accounts/users',
    summary: 'Sign up: mails a verification link (or, for a registered address, a note saying so)',
    request: createUserInputSchema,
    response: acceptedOutputSchema,
    successStatus: 202,
    session: false,
    errors: [],
  },
  {
    app: 'verify-user',
    routeKey: 'POST /api/accounts/verify',
    summary: 'Verify the address with the token of the mailed link',
    request: verifyUserInputSchema,
    response: doneOutputSchema,
    successStatus: 200,
    session: false,
    errors: [],
  },
  {
    app: 'login',
    routeKey: 'POST /api/accounts/login',
    summary: 'Log in: a session JWT, and a Cognito developer identity when the environment federates',
    request: loginInputSchema,
    response: loginOutputSchema,
    successStatus: 200,
    session: false,
    errors: [401, 403],
  },
  {
    app: 'change-password',
    routeKey: 'POST /api/accounts/password',
    summary: 'Change the password of the signed-in user; earlier sessions end',
    request: changePasswordInputSchema,
    response: doneOutputSchema,
    successStatus: 200,
    session: true,
    errors: [401],
  },
  {
    app: 'lost-password',
    routeKey: 'POST /api/accounts/lost-password',
    summary: 'Mails a reset link (or, for an address without an account, a note saying so)',
    request: lostPasswordInputSchema,
    response: acceptedOutputSchema,
    successStatus: 202,
    session: false,
    errors: [],
  },
  {
    app: 'reset-password',
    routeKey: 'POST /api/accounts/reset-password',
    summary: 'Set a new password with the token of the mailed link; earlier sessions end',
    request: resetPasswordInputSchema,
    response: doneOutputSchema,
    successStatus: 200,
    session: false,
    errors: [],
  },
] as const satisfies readonly AccountsRoute[];

export type AccountsApp = (typeof ACCOUNTS_ROUTES)[number]['app'];

/** The route of one function. */
export const accountsRoute = (app: AccountsApp): AccountsRoute =>
  ACCOUNTS_ROUTES.find((route) => route.app === app)!;

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid input: the envelope names the field and the rule, never the value',
  401: 'Invalid credentials, or a missing, expired or revoked session',
  403: 'The address is not verified yet',
  413: 'The body is larger than the route accepts',
  415: 'The body is not application/json',
  429: 'Too many requests for this address or client; the message says when to try again',
};

const schemaName = (id: string) =>
  id
    .replace(/\.json$/, '')
    .replace(/^accounts-/, '')
    .replace(/(^|[.-])(\w)/g, (_m, _s, letter: string) => letter.toUpperCase());

/** A copy of a schema fit for OpenAPI 3.0's components: no `$schema` or `$id`. */
/** The OpenAPI 3.0 document of the accounts API, generated from the routes and schemas above. */
export function accountsOpenApi(): Record<string, unknown> {
  const schemas: Record<string, unknown> = { Error: openApiComponent(errorEnvelopeSchema) };
  const ref = (schema: { $id: string }) => {
    schemas[schemaName(schema.$id)] = openApiComponent(schema);
    return { $ref: `#/components/schemas/${schemaName(schema.$id)}` };
  };
  const errorResponse = (status: number) => [
    String(status),
    {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  ];
  const paths: Record<string, unknown> = {};
  for (const route of ACCOUNTS_ROUTES as readonly AccountsRoute[]) {
    const path = route.routeKey.slice('POST '.length);
    paths[path] = {
      post: {
        operationId: route.app.replace(/-(\w)/g, (_m, letter: string) => letter.toUpperCase()),
        summary: route.summary,
        ...(route.session ? { security: [{ session: [] }] } : {}),
        requestBody: { required: true, content: { 'application/json': { schema: ref(route.request) } } },
        responses: Object.fromEntries([
          [
            String(route.successStatus),
            { description: 'Done', content: { 'application/json': { schema: ref(route.response) } } },
          ],
          ...[400, ...route.errors, 413, 415, 429].map(errorResponse),
        ]),
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Accounts API',
      version: '1.0.0',
      description:
        'Sign-up with e-mail verification, login, password change and reset (issue 11). Every error answers ' +
        '`{ "error": { "code", "message", "field"? } }`.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: { session: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
