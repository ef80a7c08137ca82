import type { FromSchema } from 'json-schema-to-ts';
import { SCHEMA_DIALECT, isoDate } from '../proofing/common.js';

// The license data a state licensing board uploads, declared once: the JSON API validates against it (with a
// validator precompiled from it), the CSV ingest validates every row against the same validator, and the
// OpenAPI document (openapi.ts) embeds it.

/** The compacts and the license types each one licenses. */
export const COMPACT_LICENSE_TYPES = {
  aslp: ['audiologist', 'speech-language pathologist'],
  octp: ['occupational therapist', 'occupational therapy assistant'],
  coun: ['licensed professional counselor'],
} as const;

export type Compact = keyof typeof COMPACT_LICENSE_TYPES;
export const COMPACTS = Object.keys(COMPACT_LICENSE_TYPES) as Compact[];
/** Every compact's license types (a literal list, so that the schema's enum types; a test holds it to the above). */
export const LICENSE_TYPES = [
  'audiologist',
  'speech-language pathologist',
  'occupational therapist',
  'occupational therapy assistant',
  'licensed professional counselor',
] as const;

export const isCompact = (value: string): value is Compact => Object.hasOwn(COMPACT_LICENSE_TYPES, value);

/** The jurisdictions that may join a compact: the states, DC and the territories, by postal code in lower case. */
export const JURISDICTIONS = [
  'al', 'ak', 'az', 'ar', 'ca', 'co', 'ct', 'de', 'dc', 'fl', 'ga', 'hi', 'id', 'il', 'in', 'ia', 'ks', 'ky',
  'la', 'me', 'md', 'ma', 'mi', 'mn', 'ms', 'mo', 'mt', 'ne', 'nv', 'nh', 'nj', 'nm', 'ny', 'nc', 'nd', 'oh',
  'ok', 'or', 'pa', 'ri', 'sc', 'sd', 'tn', 'tx', 'ut', 'vt', 'va', 'wa', 'wv', 'wi', 'wy', 'pr', 'vi', 'gu',
  'as', 'mp',
] as const; // prettier-ignore

export type Jurisdiction = (typeof JURISDICTIONS)[number];
export const isJurisdiction = (value: string): value is Jurisdiction =>
  (JURISDICTIONS as readonly string[]).includes(value);

/** At most this many licenses in one `POST …/licenses` request. */
export const MAX_LICENSES_PER_REQUEST = 100;

const text = (minLength: number, maxLength: number) => ({ type: 'string', minLength, maxLength }) as const;

export const licenseSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'license.input.json',
  title: 'License',
  description:
    'One license as a licensing board reports it (a JSON item or a CSV row: the CSV header names these fields).',
  type: 'object',
  additionalProperties: false,
  required: [
    'ssn',
    'givenName',
    'familyName',
    'dateOfIssuance',
    'dateOfExpiration',
    'dateOfBirth',
    'homeAddressStreet1',
    'homeAddressCity',
    'homeAddressState',
    'homeAddressPostalCode',
    'licenseType',
    'licenseStatus',
    'compactEligibility',
  ],
  properties: {
    ssn: { type: 'string', pattern: '^\\d{3}-\\d{2}-\\d{4}$', description: 'Sealed at rest; never a key.' },
    givenName: text(1, 100),
    middleName: text(1, 100),
    familyName: text(1, 100),
    suffix: text(1, 100),
    dateOfIssuance: isoDate,
    dateOfRenewal: isoDate,
    dateOfExpiration: isoDate,
    dateOfBirth: isoDate,
    homeAddressStreet1: text(2, 100),
    homeAddressStreet2: text(2, 100),
    homeAddressCity: text(2, 100),
    homeAddressState: text(2, 100),
    homeAddressPostalCode: text(5, 7),
    emailAddress: { type: 'string', format: 'email', maxLength: 100 },
    phoneNumber: { type: 'string', pattern: '^\\+[1-9]\\d{1,14}$', description: 'E.164' },
    npi: { type: 'string', pattern: '^\\d{10}$' },
    licenseNumber: text(1, 100),
    licenseType: {
      type: 'string',
      enum: LICENSE_TYPES,
      description: "One of the path's compact's types (aslp, octp and coun each license their own).",
    },
    licenseStatus: { type: 'string', enum: ['active', 'inactive'] },
    licenseStatusName: text(1, 100),
    compactEligibility: { type: 'string', enum: ['eligible', 'ineligible'] },
  },
  // An inactive license cannot be eligible for the compact privilege.
  if: { required: ['licenseStatus'], properties: { licenseStatus: { const: 'inactive' } } },
  then: { properties: { compactEligibility: { const: 'ineligible' } } },
} as const;

export type License = FromSchema<typeof licenseSchema>;
export type LicenseField = keyof typeof licenseSchema.properties;
export const LICENSE_FIELDS = Object.keys(licenseSchema.properties) as LicenseField[];
export const REQUIRED_LICENSE_FIELDS: readonly LicenseField[] = licenseSchema.required;
