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
});
