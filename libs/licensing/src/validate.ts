import { COMPACT_LICENSE_TYPES, validateLicenseInput, type Compact, type License } from '@backend/contracts';
import { describeError } from '@backend/platform';

/** What is wrong with one license, by field; never its value (the message may reach a log or another board). */
export interface FieldProblem {
  readonly field?: string;
  readonly message: string;
}

export type LicenseCheck =
  { readonly ok: true; readonly license: License } | { readonly ok: false; readonly problem: FieldProblem };

// A cell a spreadsheet would run as a formula when the data is exported again (CSV injection): `=`, `@`, or a
// sign not followed by a digit (`+15555550123` is a phone number, `+cmd` is not).
const FORMULA = /^(?:[=@]|[+-](?!\d))/;

/** Trims every string value; other values are left for the schema to refuse. */
export function trimStrings(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, typeof v === 'string' ? v.trim() : v]),
  );
}

/**
 * Checks one license (already trimmed) against the contract's schema, then what the schema cannot say: the
 * license type belongs to the path's compact, and no value looks like a spreadsheet formula.
 */
export function checkLicense(value: unknown, compact: Compact): LicenseCheck {
  if (!validateLicenseInput(value)) {
    const errors = validateLicenseInput.errors ?? [];
    // The schema's if/then (inactive means ineligible) reports a bare `const`; say the rule instead.
    if (errors.some((e) => e.keyword === 'if' || e.schemaPath.startsWith('#/then'))) {
      return {
        ok: false,
        problem: {
          field: 'compactEligibility',
          message: 'compactEligibility must be ineligible when licenseStatus is inactive',
        },
      };
    }
    const first = errors[0];
    if (first === undefined) return { ok: false, problem: { message: 'license is invalid' } };
    const { field, message } = describeError(first);
    return { ok: false, problem: field === undefined ? { message } : { field, message } };
  }
  const license = value;
  const types: readonly string[] = COMPACT_LICENSE_TYPES[compact];
  if (!types.includes(license.licenseType)) {
    return {
      ok: false,
      problem: {
        field: 'licenseType',
        message: `licenseType must be one of ${types.map((t) => JSON.stringify(t)).join(', ')} in the ${compact} compact`,
      },
    };
  }
  for (const [field, cell] of Object.entries(license)) {
    if (typeof cell === 'string' && FORMULA.test(cell)) {
      return { ok: false, problem: { field, message: `${field} must not start like a spreadsheet formula` } };
    }
  }
  return { ok: true, license };
}

/** The key that makes two licenses in one upload the same license: one person, one license type. */
export const duplicateKey = (license: Pick<License, 'ssn' | 'licenseType'>): string =>
  `${license.ssn}\u0000${license.licenseType}`;
