import { parseAamvaConfig } from '../aamva/config.js';
import { parseAcuantConfig } from '../acuant/config.js';
import { parseLexisNexisConfig } from '../lexisnexis/config.js';
import { parseSecretText, type ConfigFields } from './secret-config.js';

/** The real vendors that read a Secrets Manager JSON secret (`<env>/proofing/vendors/<vendor>`). */
export const VENDOR_SECRET_KINDS = ['lexisnexis', 'aamva', 'acuant'] as const;
export type VendorSecretKind = (typeof VENDOR_SECRET_KINDS)[number];

const PARSERS: Record<VendorSecretKind, { label: string; parse: (fields: ConfigFields) => unknown }> = {
  lexisnexis: { label: 'LexisNexis', parse: parseLexisNexisConfig },
  aamva: { label: 'AAMVA', parse: parseAamvaConfig },
  acuant: { label: 'Acuant', parse: parseAcuantConfig },
};

/**
 * Checks a vendor secret's text exactly as the vendor's client will read it (the same parser), so a value
 * can be refused before it is put: missing, unknown or mistyped fields, non-https URLs, a key that does not
 * belong to its certificate. Throws `VendorConfigError` naming the field, never a value.
 */
export function checkVendorSecret(vendor: VendorSecretKind, secretString: string): void {
  const { label, parse } = PARSERS[vendor];
  parseSecretText(label, secretString, parse);
}
