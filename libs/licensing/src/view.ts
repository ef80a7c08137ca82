import { licenseViewSchema } from '@backend/contracts';
import type { Item } from '@backend/persistence';
import { openSsn, type LicensingKeys } from './keys.js';

// How stored licensing data reads, for the read API (issue 13) and the tests that prove the write side. Views are
// allowlists of the contract's fields: an attribute the write side adds later (keys, hashes, upload rows) is never
// shown until the contract names it.

/** A license past its expiry date reads as inactive (and so ineligible), whatever the board last sent. */
export function effectiveLicense(license: Item, today: string): Item {
  const expired = typeof license['dateOfExpiration'] === 'string' && license['dateOfExpiration'] < today;
  return expired ? { ...license, licenseStatus: 'inactive', compactEligibility: 'ineligible' } : license;
}

const LICENSE_VIEW_FIELDS = Object.keys(licenseViewSchema.properties).filter((field) => field !== 'history');
const IDENTITY_FIELDS = ['providerId', 'compact', 'ssnLastFour', 'createdAt'] as const;

const pick = (item: Item, fields: readonly string[]): Item =>
  Object.fromEntries(
    fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  );

/** A license or history item as a caller sees it: the contract's fields, read as of `today` (YYYY-MM-DD). */
export function licenseView(item: Item, today: string): Item {
  return pick(effectiveLicense(item, today), LICENSE_VIEW_FIELDS);
}

/**
 * A provider item as a caller may see it: never the sealed SSN; the full SSN only with the compact's `readSSN`
 * scope, otherwise its last four digits.
 */
export function providerView(provider: Item, keys: LicensingKeys, scopes: readonly string[]): Item {
  const view = pick(provider, IDENTITY_FIELDS);
  const compact = provider['compact'] as string;
  const sealed = provider['ssnSealed'];
  if (scopes.includes(`${compact}/readSSN`) && sealed instanceof Uint8Array) {
    return { ...view, ssn: openSsn(keys, provider['providerId'] as string, sealed) };
  }
  return view;
}
