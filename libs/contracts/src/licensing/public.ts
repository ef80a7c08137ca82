import type { FromSchema } from 'json-schema-to-ts';
import { emailAddress } from '../accounts/schemas.js';
import { errorEnvelopeSchema, openApiComponent } from '../error-envelope.js';
import { SCHEMA_DIALECT, isoDate } from '../proofing/common.js';
import { COMPACTS, JURISDICTIONS, LICENSE_TYPES } from './license.js';

// The licensing service's public API (issue 13): practitioners register themselves, and pages ask whether a
// feature is switched on. No token: the registration is guarded by reCAPTCHA v3 and a per-IP rate limit.

/** Names as a board reports them (`licenseSchema`'s bounds); compared with the license case-insensitively. */
const personName = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const providerRegistrationInputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-provider-registration.input.json',
  title: 'provider registration',
  description:
    'A practitioner asks for an account: the details must match one license a board reported (names, date of birth, the last four digits of the SSN, jurisdiction, license type and compact). The answer is the same whether or not they match; a match gets a link to continue by mail.',
  type: 'object',
  additionalProperties: false,
  required: [
    'givenName',
    'familyName',
    'email',
    'dateOfBirth',
    'ssnLastFour',
    'jurisdiction',
    'licenseType',
    'compact',
    'recaptchaToken',
  ],
  properties: {
    givenName: personName,
    familyName: personName,
    email: { ...emailAddress, description: 'Where the link to continue is sent.' },
    dateOfBirth: isoDate,
    ssnLastFour: { type: 'string', pattern: '^[0-9]{4}$', description: 'The last four digits of the SSN.' },
    jurisdiction: { type: 'string', enum: JURISDICTIONS, description: 'The licensing state (postal code).' },
    licenseType: { type: 'string', enum: LICENSE_TYPES },
    compact: { type: 'string', enum: COMPACTS },
    recaptchaToken: {
      type: 'string',
      minLength: 1,
      maxLength: 10000,
      description: "reCAPTCHA v3's token from `grecaptcha.execute(siteKey, { action: 'register' })`.",
    },
  },
} as const;

export type ProviderRegistrationInput = FromSchema<typeof providerRegistrationInputSchema>;

export const registrationAcceptedOutputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-registration-accepted.output.json',
  title: 'registration accepted',
  type: 'object',
  additionalProperties: false,
  required: ['status', 'message'],
  properties: {
    status: { type: 'string', enum: ['accepted'] },
    message: { type: 'string' },
  },
} as const;

export type RegistrationAcceptedOutput = FromSchema<typeof registrationAcceptedOutputSchema>;

/** Opaque ids and coarse attributes only: a StatSig environment receives them (never PII). */
export const flagCheckInputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-flag-check.input.json',
  title: 'feature flag check',
  description:
    "Who the check is for. The environment is the function's own (its configuration), never the caller's. An empty body is `{}`.",
  type: 'object',
  additionalProperties: false,
  properties: {
    context: {
      type: 'object',
      additionalProperties: false,
      properties: {
        userId: {
          type: 'string',
          pattern: '^[A-Za-z0-9_.:@-]{1,128}$',
          description: 'An opaque id (a provider id, a session subject); StatSig targets on it.',
        },
        attributes: {
          type: 'object',
          maxProperties: 10,
          propertyNames: { pattern: '^[A-Za-z0-9_]{1,40}$' },
          additionalProperties: {
            anyOf: [{ type: 'string', maxLength: 100 }, { type: 'number' }, { type: 'boolean' }],
          },
          description: 'Coarse attributes (a compact, a jurisdiction); never PII.',
        },
      },
    },
  },
} as const;

export type FlagCheckInput = FromSchema<typeof flagCheckInputSchema>;

export const flagCheckOutputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-flag-check.output.json',
  title: 'feature flag state',
  type: 'object',
  additionalProperties: false,
  required: ['enabled'],
  properties: { enabled: { type: 'boolean' } },
} as const;

/** One route of the public API: its function (an app under `apps/`) and its answers. */
export const LICENSING_PUBLIC_ROUTES = [
  {
    app: 'register-provider',
    routeKey: 'POST /v1/provider-users/registration',
    pathPattern: '/v1/provider-users/registration',
    summary: 'Register as a practitioner: a link to continue is mailed when the details match a license',
    successStatus: 202,
  },
  {
    app: 'check-feature-flag',
    routeKey: 'POST /v1/flags/{flagId}/check',
    pathPattern: '/v1/flags/*/check',
    summary: 'Whether a declared feature flag is on',
    successStatus: 200,
  },
] as const;

export type LicensingPublicApp = (typeof LICENSING_PUBLIC_ROUTES)[number]['app'];

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The public API as an OpenAPI 3.1 document, built from the schemas the functions validate with. */
export const licensingPublicOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Licensing public API',
    version: '1.0.0',
    description:
      'Calls a practitioner-facing page makes without a token: self-registration (guarded by reCAPTCHA v3 and 3 attempts per client IP per 15 minutes) and feature flag checks. Every error is the `{ error: { code, message, field? } }` envelope.',
  },
  components: {
    schemas: {
      Error: openApiComponent(errorEnvelopeSchema),
      ProviderRegistration: openApiComponent(providerRegistrationInputSchema),
      RegistrationAccepted: openApiComponent(registrationAcceptedOutputSchema),
      FlagCheck: openApiComponent(flagCheckInputSchema),
      FlagState: openApiComponent(flagCheckOutputSchema),
    },
  },
  paths: {
    '/v1/provider-users/registration': {
      post: {
        operationId: 'registerProvider',
        summary: LICENSING_PUBLIC_ROUTES[0].summary,
        description:
          'The same 202 and body whether or not the details match a license; the mail says what happens next.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/ProviderRegistration' },
              example: {
                givenName: 'Ada',
                familyName: 'Lovelace',
                email: 'ada@example.com',
                dateOfBirth: '1985-12-10',
                ssnLastFour: '1234',
                jurisdiction: 'oh',
                licenseType: 'audiologist',
                compact: 'aslp',
                recaptchaToken: '03AFcWeA…',
              },
            },
          },
        },
        responses: {
          '202': {
            description: 'Accepted (whether or not a license matched)',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/RegistrationAccepted' } },
            },
          },
          '400': errorResponse(
            'Invalid input (the field is named, never its value), or the reCAPTCHA token was refused (`RECAPTCHA_FAILED`)',
          ),
          '413': errorResponse('The body is larger than the route accepts'),
          '415': errorResponse('The body is not application/json'),
          '429': errorResponse('More than 3 attempts from this client in 15 minutes (`RATE_LIMITED`)'),
          '503': errorResponse(
            'reCAPTCHA, DynamoDB or SES did not answer; sending the request again is safe',
          ),
        },
      },
    },
    '/v1/flags/{flagId}/check': {
      post: {
        operationId: 'checkFeatureFlag',
        summary: LICENSING_PUBLIC_ROUTES[1].summary,
        description:
          "The flag's value from the environment's flag source (SSM, or StatSig when configured); the flag's declared default when the source cannot answer.",
        parameters: [
          {
            name: 'flagId',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,100}$' },
            description: 'A flag the licensing service declares.',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/FlagCheck' },
              example: { context: { userId: 'provider-7f3a', attributes: { compact: 'aslp' } } },
            },
          },
        },
        responses: {
          '200': {
            description: 'The flag is on or off',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/FlagState' } } },
          },
          '400': errorResponse('Invalid context (the field is named)'),
          '404': errorResponse('No such flag (`FLAG_NOT_FOUND`)'),
          '415': errorResponse('The body is not application/json'),
        },
      },
    },
  },
} as const;
