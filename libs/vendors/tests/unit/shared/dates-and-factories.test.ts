import { describe, expect, it } from 'vitest';
import { isoDate, parseBirthDate } from '../../../src/shared/dates.js';
import {
  MockAddressVendor,
  MockDocumentVendor,
  MockResolutionVendor,
  MockStateIdVendor,
  VendorConfigError,
  createAddressVendor,
  createDocumentVendor,
  createResolutionVendor,
  createStateIdVendor,
  type VendorSelection,
} from '../../../src/index.js';

describe('parseBirthDate', () => {
  it.each([
    ['1938-10-06', { year: 1938, month: 10, day: 6 }],
    ['19381006', { year: 1938, month: 10, day: 6 }],
    ['10/06/1938', { year: 1938, month: 10, day: 6 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
  ])('reads %s', (text, date) => {
    expect(parseBirthDate(text)).toEqual(date);
    expect(isoDate(date)).toBe(
      `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`,
    );
  });

  it.each(['1938-02-30', '1900-02-29', '1938-13-01', '06/10/38', '1938-1-6', '', 'yesterday'])(
    'refuses %j',
    (text) => expect(parseBirthDate(text)).toBeNull(),
  );
});

describe('vendor factories', () => {
  it('build the IDP-compatible mocks for kind mock', () => {
    expect(createAddressVendor({ kind: 'mock' })).toBeInstanceOf(MockAddressVendor);
    expect(createResolutionVendor({ kind: 'mock' })).toBeInstanceOf(MockResolutionVendor);
    expect(createStateIdVendor({ kind: 'mock' })).toBeInstanceOf(MockStateIdVendor);
    expect(createDocumentVendor({ kind: 'mock' })).toBeInstanceOf(MockDocumentVendor);
  });

  it('name the real vendors as the IDP stages them, without touching the network', () => {
    const lexisnexis = { kind: 'lexisnexis', secretName: 'never/read' } as const;
    expect(createAddressVendor(lexisnexis).name).toBe('lexisnexis:phone_finder');
    expect(createResolutionVendor(lexisnexis).name).toBe('lexisnexis:instant_verify');
    expect(createStateIdVendor({ kind: 'aamva', secretName: 'never/read' }).name).toBe('aamva:state_id');
    expect(createDocumentVendor({ kind: 'acuant', secretName: 'never/read' }).name).toBe('acuant:assure_id');
  });

  it('refuse a kind read from configuration that this vendor kind does not have', () => {
    const typo = { kind: 'lexisnexus', secretName: 's' } as unknown as VendorSelection<'lexisnexis'>;
    expect(() => createAddressVendor(typo)).toThrow(
      new VendorConfigError('no address vendor of kind "lexisnexus"'),
    );
    expect(() => createStateIdVendor({ kind: 'lexisnexis' } as unknown as VendorSelection<'aamva'>)).toThrow(
      VendorConfigError,
    );
    expect(() => createDocumentVendor({ kind: 'assureid' } as unknown as VendorSelection<'acuant'>)).toThrow(
      new VendorConfigError('no document vendor of kind "assureid"'),
    );
  });
});
