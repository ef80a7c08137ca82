import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS_ROUTES,
  accountsOpenApi,
  changePasswordInputSchema,
  createUserInputSchema,
  loginInputSchema,
  lostPasswordInputSchema,
  resetPasswordInputSchema,
  validateChangePasswordInput,
  validateCreateUserInput,
  validateLoginInput,
  validateLostPasswordInput,
  validateResetPasswordInput,
  validateVerifyUserInput,
  verifyUserInputSchema,
} from '../../src/index.js';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);

// Each request schema with its precompiled validator: every case must get the same verdict from both.
const requests = [
  [
    createUserInputSchema,
    validateCreateUserInput,
    { email: 'ann@example.gov', password: 'correct horse battery' },
  ],
  [verifyUserInputSchema, validateVerifyUserInput, { email: 'ann@example.gov', token: 'a'.repeat(43) }],
  [loginInputSchema, validateLoginInput, { email: 'ann@example.gov', password: 'x' }],
  [changePasswordInputSchema, validateChangePasswordInput, { oldPassword: 'x', newPassword: 'y' }],
  [lostPasswordInputSchema, validateLostPasswordInput, { email: 'ann@example.gov' }],
  [
    resetPasswordInputSchema,
    validateResetPasswordInput,
    { email: 'ann@example.gov', token: 'a'.repeat(43), newPassword: 'y' },
  ],
] as const;

const verdict = (schema: object, validate: (value: unknown) => boolean, value: unknown) => {
  const expected = ajv.validate(schema, value);
  expect(validate(value), 'precompiled validator disagrees with the schema').toBe(expected);
  return expected;
};

describe('accounts request schemas', () => {
  it.each(requests.map(([schema, validate, example]) => [schema.$id, schema, validate, example] as const))(
    '%s accepts its example and refuses extra fields, wrong types and missing fields',
    (_id, schema, validate, example) => {
      expect(verdict(schema, validate, example)).toBe(true);
      expect(verdict(schema, validate, { ...example, admin: true })).toBe(false);
      for (const field of Object.keys(example)) {
        expect(verdict(schema, validate, { ...example, [field]: 12 })).toBe(false);
        const { [field]: _dropped, ...rest } = example as Record<string, unknown>;
        expect(verdict(schema, validate, rest)).toBe(false);
      }
      expect(verdict(schema, validate, [example])).toBe(false);
      expect(verdict(schema, validate, null)).toBe(false);
    },
  );

  it.each([
    'ann@example.gov',
    'Ann.Lee+tag@Sub.Example.GOV',
    "o'hara@example.co.uk",
    'x@xn--bcher-kva.example',
  ])('accepts the address %s', (email) => {
    expect(verdict(lostPasswordInputSchema, validateLostPasswordInput, { email })).toBe(true);
  });

  it.each([
    'no-at-sign',
    'two@@example.gov',
    'ann@localhost',
    'ann @example.gov',
    'ann@example.gov\r\nBcc: x@y.gov',
    'änn@example.gov',
    'ann@exämple.gov',
    `${'a'.repeat(65)}@example.gov`,
    `a@${'b'.repeat(250)}.gov`,
    '"Ann" <ann@example.gov>',
  ])('refuses the address %j, which SES could not take', (email) => {
    expect(verdict(lostPasswordInputSchema, validateLostPasswordInput, { email })).toBe(false);
  });

  it('allows passwords of 64 characters and more (NIST SP 800-63B), up to 256', () => {
    const body = (password: string) => ({ email: 'ann@example.gov', password });
    expect(verdict(createUserInputSchema, validateCreateUserInput, body('p'.repeat(64)))).toBe(true);
    expect(verdict(createUserInputSchema, validateCreateUserInput, body('p'.repeat(256)))).toBe(true);
    expect(verdict(createUserInputSchema, validateCreateUserInput, body('p'.repeat(257)))).toBe(false);
  });
});

describe('accounts OpenAPI document', () => {
  const document = accountsOpenApi() as {
    openapi: string;
    paths: Record<string, { post: { operationId: string; responses: Record<string, unknown> } }>;
    components: { schemas: Record<string, unknown> };
  };

  it('has one operation per function, each answering its success and the error envelope', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths).sort()).toEqual(
      ACCOUNTS_ROUTES.map((r) => r.routeKey.slice('POST '.length)).sort(),
    );
    for (const route of ACCOUNTS_ROUTES) {
      const operation = document.paths[route.routeKey.slice('POST '.length)]!.post;
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining([String(route.successStatus), '400', '429']),
      );
    }
  });

  it('refers only to schemas it defines, none with $schema or $id (OpenAPI 3.0)', () => {
    const text = JSON.stringify(document);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      expect(document.components.schemas).toHaveProperty(name!);
    }
    expect(text).not.toContain('"$schema"');
    expect(text).not.toContain('"$id"');
  });
});
