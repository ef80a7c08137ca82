import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LicensingKeyError,
  UploadKeyError,
  checkLicense,
  deriveLicensingKeys,
  effectiveLicense,
  openSsn,
  parseUploadKey,
  providerIdFor,
  providerView,
  sealSsn,
  trimStrings,
} from '../../src/index.js';

const keys = deriveLicensingKeys(randomBytes(32).toString('hex'), '/test/licensing/data_key');

describe('licensing keys', () => {
  it('gives one person one provider id per compact, unrelated across compacts and people', () => {
    const id = providerIdFor(keys, 'aslp', '123-45-6789');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(providerIdFor(keys, 'aslp', '123-45-6789')).toBe(id);
    expect(providerIdFor(keys, 'octp', '123-45-6789')).not.toBe(id);
    expect(providerIdFor(keys, 'aslp', '123-45-6788')).not.toBe(id);
    const other = deriveLicensingKeys(randomBytes(32).toString('hex'), 'p');
    expect(providerIdFor(other, 'aslp', '123-45-6789')).not.toBe(id);
  });

  it('seals an SSN so that it opens only for its own provider', () => {
    const id = providerIdFor(keys, 'aslp', '123-45-6789');
    const sealed = sealSsn(keys, id, '123-45-6789');
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('6789');
    expect(openSsn(keys, id, sealed)).toBe('123-45-6789');
    expect(() => openSsn(keys, providerIdFor(keys, 'aslp', '000-00-0000'), sealed)).toThrow();
  });

  it('refuses a key parameter that is not 32 bytes of hex, naming the parameter only', () => {
    expect(() => deriveLicensingKeys('PLACEHOLDER', '/prod/licensing/data_key')).toThrow(LicensingKeyError);
    expect(() => deriveLicensingKeys('ab'.repeat(16), '/p')).toThrow('/p must hold 32 bytes');
  });
});

describe('upload keys', () => {
  it('reads {compact}/{jurisdiction}/{uuid} and refuses anything else', () => {
    const id = '3f1e6f4e-8a8b-4c3e-9d2a-0b1c2d3e4f50';
    expect(parseUploadKey(`aslp/oh/${id}`)).toEqual({ compact: 'aslp', jurisdiction: 'oh', uploadId: id });
    for (const key of [`xx/oh/${id}`, `aslp/zz/${id}`, 'aslp/oh/not-a-uuid', `aslp/oh/${id}/x`, '']) {
      expect(() => parseUploadKey(key)).toThrow(UploadKeyError);
    }
  });
});

describe('checkLicense', () => {
  const license = {
    ssn: '123-45-6789',
    givenName: 'Jane',
    familyName: 'Doe',
    dateOfIssuance: '2020-01-01',
    dateOfExpiration: '2030-01-01',
    dateOfBirth: '1980-01-01',
    homeAddressStreet1: '1 Main St',
    homeAddressCity: 'Columbus',
    homeAddressState: 'OH',
    homeAddressPostalCode: '43004',
    licenseType: 'licensed professional counselor',
    licenseStatus: 'active',
    compactEligibility: 'eligible',
  };

  it("accepts a license of the compact's types only", () => {
    expect(checkLicense(license, 'coun')).toMatchObject({ ok: true });
    expect(checkLicense(license, 'aslp')).toMatchObject({ ok: false, problem: { field: 'licenseType' } });
  });

  it('trims whitespace before checking, and keeps a phone number while refusing formulas', () => {
    expect(checkLicense(trimStrings({ ...license, givenName: '  Jane\t' }), 'coun')).toMatchObject({
      ok: true,
      license: { givenName: 'Jane' },
    });
    expect(checkLicense({ ...license, phoneNumber: '+15555550123' }, 'coun')).toMatchObject({ ok: true });
    for (const cell of ['=1+1', '@SUM(A1)', '+cmd', '-x']) {
      expect(checkLicense({ ...license, homeAddressStreet1: `${cell} St` }, 'coun')).toMatchObject({
        ok: false,
        problem: { field: 'homeAddressStreet1' },
      });
    }
  });

  it('never names a value in its problem (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), fc.constantFrom(...Object.keys(license)), (value, field) => {
        const check = checkLicense({ ...license, [field]: `${value}\u0001` }, 'coun');
        if (!check.ok) expect(check.problem.message).not.toContain(`${value}\u0001`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading licensing data', () => {
  it('reads a license past its expiry date as inactive and ineligible', () => {
    const license = {
      licenseStatus: 'active',
      compactEligibility: 'eligible',
      dateOfExpiration: '2024-06-30',
    };
    expect(effectiveLicense(license, '2024-06-30')).toEqual(license);
    expect(effectiveLicense(license, '2024-07-01')).toMatchObject({
      licenseStatus: 'inactive',
      compactEligibility: 'ineligible',
    });
  });

  it('shows the full SSN only with the compact readSSN scope, never the sealed value', () => {
    const providerId = providerIdFor(keys, 'aslp', '123-45-6789');
    const provider = {
      pk: 'x',
      sk: 'PROVIDER',
      compact: 'aslp',
      providerId,
      ssnSealed: sealSsn(keys, providerId, '123-45-6789'),
      ssnLastFour: '6789',
    };
    expect(providerView(provider, keys, ['aslp/readGeneral'])).toEqual({
      compact: 'aslp',
      providerId,
      ssnLastFour: '6789',
    });
    expect(providerView(provider, keys, ['octp/readSSN'])).not.toHaveProperty('ssn');
    expect(providerView(provider, keys, ['aslp/readSSN'])).toMatchObject({ ssn: '123-45-6789' });
  });
});
