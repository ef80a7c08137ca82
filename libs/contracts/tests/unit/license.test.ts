import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  COMPACT_LICENSE_TYPES,
  LICENSE_TYPES,
  licenseSchema,
  licensingOpenApi,
  validateLicenseInput,
} from '../../src/index.js';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const compiled = ajv.compile(licenseSchema);
// Every case runs against the schema compiled here and against the precompiled validator the functions use.
const valid = (value: unknown) => {
  const expected = compiled(value);
  expect(validateLicenseInput(value), 'precompiled validator disagrees with the schema').toBe(expected);
  return expected;
};

const license = {
  ssn: '123-45-6789',
  givenName: 'Jane',
  familyName: 'Doe',
  dateOfIssuance: '2020-01-01',
  dateOfExpiration: '2030-01-01',
  dateOfBirth: '1980-02-29',
  homeAddressStreet1: '1 Main St',
  homeAddressCity: 'Columbus',
  homeAddressState: 'OH',
  homeAddressPostalCode: '43004',
  licenseType: 'audiologist',
  licenseStatus: 'active',
  compactEligibility: 'eligible',
};

describe('license schema', () => {
  it('accepts a complete license with every optional field', () => {
    expect(valid(license)).toBe(true);
    expect(
      valid({
        ...license,
        middleName: 'Q',
        suffix: 'Jr.',
        homeAddressStreet2: 'Apt 2',
        dateOfRenewal: '2025-01-01',
        emailAddress: 'jane@example.org',
        phoneNumber: '+15555550123',
        npi: '1234567890',
        licenseNumber: 'A-1',
        licenseStatusName: 'ACTIVE IN RENEWAL',
      }),
    ).toBe(true);
  });

  it.each([
    ['an SSN without dashes', { ssn: '123456789' }],
    ['an unknown field', { nickname: 'J' }],
    ['eligible while inactive', { licenseStatus: 'inactive' }],
    ['a date that does not exist', { dateOfBirth: '1981-02-29' }],
    ['a date in another format', { dateOfIssuance: '01/01/2020' }],
    ['a name over 100 characters', { givenName: 'x'.repeat(101) }],
    ['an empty family name', { familyName: '' }],
    ['a one-letter street', { homeAddressStreet1: 'x' }],
    ['a 4-digit postal code', { homeAddressPostalCode: '1234' }],
    ['a phone number not in E.164', { phoneNumber: '555-555-0123' }],
    ['a 9-digit NPI', { npi: '123456789' }],
    ['an unknown license type', { licenseType: 'dentist' }],
    ['an unknown status', { licenseStatus: 'suspended' }],
    ['a non-string value', { givenName: 7 }],
  ])('refuses %s', (_name, change) => {
    expect(valid({ ...license, ...change })).toBe(false);
  });

  it('accepts inactive and ineligible together', () => {
    expect(valid({ ...license, licenseStatus: 'inactive', compactEligibility: 'ineligible' })).toBe(true);
  });

  it.each(licenseSchema.required)('requires %s', (field) => {
    expect(valid({ ...license, [field]: undefined })).toBe(false);
  });

  it("lists every compact's license types in the schema's enum", () => {
    expect([...LICENSE_TYPES].sort()).toEqual(Object.values(COMPACT_LICENSE_TYPES).flat().sort());
  });
});

describe('licensing OpenAPI document', () => {
  // The committed copy (docs/api/licensing-state.openapi.json) is compared and validated by api-docs.test.ts.
  it('embeds the license schema the functions validate with', () => {
    const { $schema: _d, $id: _i, ...schema } = licenseSchema;
    expect(licensingOpenApi.components.schemas.License).toEqual(schema);
  });

  it('describes the write and read routes, every $ref resolving and every component compiling', () => {
    const operations = Object.entries(licensingOpenApi.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /v1/compacts/{compact}/providers/{providerId}',
        'POST /v1/compacts/{compact}/providers/query',
        'POST /v1/compacts/{compact}/providers/bulk',
      ]),
    );
    const schemas = licensingOpenApi.components.schemas as Record<string, object>;
    const refs = [...JSON.stringify(licensingOpenApi).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
    for (const ref of refs) expect(Object.keys(schemas)).toContain(ref.split('/').pop());
    // Each component compiles in strict mode, with its references to the others resolved.
    const documentAjv = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats.default(documentAjv);
    for (const [name, schema] of Object.entries(schemas)) {
      const text = JSON.stringify(schema).replace(/"#\/components\/schemas\/(\w+)"/g, '"component:$1"');
      documentAjv.addSchema(JSON.parse(text) as object, `component:${name}`);
    }
    for (const name of Object.keys(schemas)) {
      expect(() => documentAjv.getSchema(`component:${name}`), name).not.toThrow();
    }
    // Every read operation names its scope and answers the error envelope for 401, 403 and 503.
    for (const [path, methods] of Object.entries(licensingOpenApi.paths)) {
      if (!path.includes('/providers/')) continue;
      for (const operation of Object.values(methods) as {
        security: unknown;
        responses: Record<string, unknown>;
      }[]) {
        expect(operation.security).toEqual([{ oauth2: ['{compact}/readGeneral'] }]);
        for (const status of ['200', '400', '401', '403', '503'])
          expect(operation.responses).toHaveProperty(status);
      }
    }
  });
});
