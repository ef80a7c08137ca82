import type { FromSchema } from 'json-schema-to-ts';
import { SCHEMA_DIALECT } from '../proofing/common.js';

// The accounts service's request and response bodies (issue 11). Building blocks are inlined, as in the proofing
// schemas, so that each exported JSON file stands alone.

/**
 * A plain address as SES takes it, the same rule `@backend/platform`'s mailer applies: ASCII local part, an ASCII
 * (punycode) domain with a dot, at most 254 characters (RFC 5321). What passes here can always be mailed, so no
 * account is created for an address no mail can reach. `@backend/accounts` lower-cases it.
 */
export const emailAddress = {
  type: 'string',
  minLength: 3,
  maxLength: 254,
  pattern:
    "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9-]{2,63}$",
  description:
    'The account: an e-mail address, compared case-insensitively after Unicode NFKC normalisation.',
} as const;

/**
 * A password as typed. The policy (at least 12 characters, not a common password) is applied by the service,
 * which names the rule that failed; this bound keeps megabytes from reaching the hash. NIST SP 800-63B asks that
 * at least 64 characters be allowed.
 */
export const password = { type: 'string', minLength: 1, maxLength: 256 } as const;

/** A single-use token from a mailed link: 256 random bits, base64url. */
export const linkToken = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  description: 'The token of the verification or reset link, as the link carries it.',
} as const;

const requestObject = <P extends Record<string, unknown>, R extends readonly (keyof P & string)[]>(
  id: string,
  title: string,
  properties: P,
  required: R,
) =>
  ({
    $schema: SCHEMA_DIALECT,
    $id: id,
    title,
    type: 'object',
    required,
    additionalProperties: false,
    properties,
  }) as const;

export const createUserInputSchema = requestObject(
  'accounts-create-user.input.json',
  'create-user request',
  { email: emailAddress, password },
  ['email', 'password'] as const,
);
export type CreateUserInput = FromSchema<typeof createUserInputSchema>;

export const verifyUserInputSchema = requestObject(
  'accounts-verify-user.input.json',
  'verify-user request',
  { email: emailAddress, token: linkToken },
  ['email', 'token'] as const,
);
export type VerifyUserInput = FromSchema<typeof verifyUserInputSchema>;

export const loginInputSchema = requestObject(
  'accounts-login.input.json',
  'login request',
  { email: emailAddress, password },
  ['email', 'password'] as const,
);
export type LoginInput = FromSchema<typeof loginInputSchema>;

export const changePasswordInputSchema = requestObject(
  'accounts-change-password.input.json',
  'change-password request (with the session in `Authorization: Bearer`)',
  { oldPassword: password, newPassword: password },
  ['oldPassword', 'newPassword'] as const,
);
export type ChangePasswordInput = FromSchema<typeof changePasswordInputSchema>;

export const lostPasswordInputSchema = requestObject(
  'accounts-lost-password.input.json',
  'lost-password request',
  { email: emailAddress },
  ['email'] as const,
);
export type LostPasswordInput = FromSchema<typeof lostPasswordInputSchema>;

export const resetPasswordInputSchema = requestObject(
  'accounts-reset-password.input.json',
  'reset-password request',
  { email: emailAddress, token: linkToken, newPassword: password },
  ['email', 'token', 'newPassword'] as const,
);
export type ResetPasswordInput = FromSchema<typeof resetPasswordInputSchema>;

/** What create-user and lost-password answer, the same whether or not the address has an account. */
export const acceptedOutputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'accounts-accepted.output.json',
  title: 'request accepted; a mail is on its way',
  type: 'object',
  required: ['status', 'message'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['accepted'] },
    message: { type: 'string' },
  },
} as const;
export type AcceptedOutput = FromSchema<typeof acceptedOutputSchema>;

/** What verify-user, change-password and reset-password answer on success. */
export const doneOutputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'accounts-done.output.json',
  title: 'the change was made',
  type: 'object',
  required: ['status', 'message'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['verified', 'changed'] },
    message: { type: 'string' },
  },
} as const;
export type DoneOutput = FromSchema<typeof doneOutputSchema>;

/** A session, and the Cognito developer identity when the environment federates logins. */
export const loginOutputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'accounts-login.output.json',
  title: 'login answer',
  type: 'object',
  required: ['token', 'tokenType', 'expiresIn'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', description: 'An ES256 JWT; send it as `Authorization: Bearer <token>`.' },
    tokenType: { type: 'string', enum: ['Bearer'] },
    expiresIn: { type: 'integer', description: 'Seconds until the session expires.' },
    identityId: { type: 'string', description: 'The Cognito identity id (only when a pool is configured).' },
    openIdToken: {
      type: 'string',
      description: "Cognito's OpenID token for that identity, for GetCredentialsForIdentity.",
    },
  },
} as const;
export type LoginOutput = FromSchema<typeof loginOutputSchema>;
