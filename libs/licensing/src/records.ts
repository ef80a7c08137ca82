import type { Compact, License } from '@backend/contracts';
import type { Item } from '@backend/persistence';
import { createHash } from 'node:crypto';
import { providerIdFor, sealSsn, type LicensingKeys } from './keys.js';

// The licensing data in DynamoDB: one partition per provider (`{compact}#PROVIDER#{providerId}`), holding the
// provider item, one item per license (jurisdiction and type) and one history item per update of a license.
// The SSN is never a key or an indexed value: the provider id is derived from its keyed blind index, the SSN is
// sealed in the provider item, and only its last four digits are kept readable.

/** The providers table's GSIs, for the read API (issue 13). */
export const PROVIDERS_BY_NAME_INDEX = 'providers-by-name';
export const LICENSES_BY_UPDATE_INDEX = 'licenses-by-update';

export interface UpdateContext {
  readonly compact: Compact;
  readonly jurisdiction: string;
  /** The upload (or API request) the update comes from; a row of it is `uploadRow`. */
  readonly uploadId: string;
  /** When the update was made: the S3 event's time for a file, the request's time for the API (ISO 8601). */
  readonly dateOfUpdate: string;
}

export const providerPk = (compact: string, providerId: string) => `${compact}#PROVIDER#${providerId}`;
export const PROVIDER_SK = 'PROVIDER';
export const licenseSk = (jurisdiction: string, licenseType: string) =>
  `LICENSE#${jurisdiction}#${licenseType}`;
export const historySk = (
  jurisdiction: string,
  licenseType: string,
  dateOfUpdate: string,
  uploadId: string,
) => `${licenseSk(jurisdiction, licenseType)}#UPDATE#${dateOfUpdate}#${uploadId}`;

/** A digest of what a license says (every field, in a fixed order): equal digests mean an unchanged license. */
export function contentHash(license: License): string {
  const hash = createHash('sha256');
  for (const field of Object.keys(license).sort())
    hash.update(`${field}\u0000${String(license[field as keyof License])}\u0000`);
  return hash.digest('base64url');
}

const LICENSE_FIELDS_ONLY = (license: License): Item => {
  const { ssn: _ssn, ...rest } = license;
  return rest;
};

/** The items one license row becomes. */
export function licenseRecords(license: License, context: UpdateContext, row: number, keys: LicensingKeys) {
  const providerId = providerIdFor(keys, context.compact, license.ssn);
  const pk = providerPk(context.compact, providerId);
  const hash = contentHash(license);
  const common = { pk, compact: context.compact, providerId, jurisdiction: context.jurisdiction };
  const fields = LICENSE_FIELDS_ONLY(license);
  const licenseItem: Item = {
    ...common,
    sk: licenseSk(context.jurisdiction, license.licenseType),
    type: 'license',
    ...fields,
    ssnLastFour: license.ssn.slice(-4),
    contentHash: hash,
    dateOfUpdate: context.dateOfUpdate,
    // The time of the latest report, changed or not: what orders two uploads of this license.
    reportedAt: context.dateOfUpdate,
    uploadId: context.uploadId,
    uploadRow: row,
    outcome: 'written',
    // providers-by-name: a compact's licensed people by family then given name, case-insensitive (one entry per
    // license; the read side groups them by providerId).
    sortName: `${license.familyName}\u0000${license.givenName}`.toLowerCase(),
    // licenses-by-update: a jurisdiction's licenses in a compact by the time they last changed.
    compactJurisdiction: `${context.compact}#${context.jurisdiction}`,
  };
  const historyItem: Item = {
    ...common,
    sk: historySk(context.jurisdiction, license.licenseType, context.dateOfUpdate, context.uploadId),
    type: 'licenseUpdate',
    ...fields,
    ssnLastFour: license.ssn.slice(-4),
    contentHash: hash,
    dateOfUpdate: context.dateOfUpdate,
    uploadId: context.uploadId,
  };
  // The provider item is the person's identity only, the same whichever board reports it: written once, when
  // absent. What boards report about the person (names, address, contact) is kept per license.
  const providerItem: Item = {
    pk,
    sk: PROVIDER_SK,
    type: 'provider',
    compact: context.compact,
    providerId,
    ssnSealed: sealSsn(keys, providerId, license.ssn),
    ssnLastFour: license.ssn.slice(-4),
    createdAt: context.dateOfUpdate,
  };
  return { providerId, pk, hash, licenseItem, historyItem, providerItem };
}
