import type { Item } from '@backend/persistence';
import { openSsn, type LicensingKeys } from './keys.js';

// How stored licensing data reads, for the read API (issue 13) and the tests that prove the write side.

/** A license past its expiry date reads as inactive (and so ineligible), whatever the board last sent. */
export function effectiveLicense(license: Item, today: string): Item {
  const expired = typeof license['dateOfExpiration'] === 'string' && license['dateOfExpiration'] < today;
  return expired ? { ...license, licenseStatus: 'inactive', compactEligibility: 'ineligible' } : license;
}

/**
 * A provider item as a caller may see it: never the sealed SSN; the full SSN only with the compact's `readSSN`
 * scope, otherwise its last four digits.
 */
export function providerView(provider: Item, keys: LicensingKeys, scopes: readonly string[]): Item {
  const { ssnSealed, pk: _pk, sk: _sk, sortName: _sortName, ...rest } = provider;
  const compact = provider['compact'] as string;
  if (scopes.includes(`${compact}/readSSN`) && ssnSealed instanceof Uint8Array) {
    return { ...rest, ssn: openSsn(keys, provider['providerId'] as string, ssnSealed) };
  }
  return rest;
}
