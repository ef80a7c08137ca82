import type { FromSchema } from 'json-schema-to-ts';
import { SCHEMA_DIALECT } from '../proofing/common.js';
import { COMPACTS, JURISDICTIONS, LICENSE_TYPES, licenseSchema } from './license.js';

// The licensing read API (issue 13): what machine clients send to query and bulk-read providers, and what they
// get back. The functions validate the requests with validators precompiled from these schemas; the OpenAPI
// document (openapi.ts) embeds all of them, and the read API's tests check every answer against them.

/** At most this many provider ids in one bulk read (one DynamoDB BatchGetItem). */
export const MAX_BULK_PROVIDER_IDS = 100;
/** Largest page of a provider query; 25 when the caller names none. */
export const MAX_PROVIDER_PAGE_SIZE = 100;
export const DEFAULT_PROVIDER_PAGE_SIZE = 25;

/** A provider id: a UUID in lower case, as the write side derives it. */
export const PROVIDER_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

const namePrefix = { type: 'string', minLength: 1, maxLength: 100 } as const;
const instant = { type: 'string', format: 'date-time' } as const;

export const providerQuerySchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-provider-query.input.json',
  title: 'provider query',
  description:
    'Providers of the compact by name (a prefix of the family name, or the whole family name and a prefix of the given name, case-insensitive) or by the jurisdiction whose licenses changed (optionally within dates of update). With a name, jurisdiction and dates narrow the matches.',
  type: 'object',
  additionalProperties: false,
  // A name or a jurisdiction: each is the key of an index (a query without either would scan the compact).
  anyOf: [
    { properties: { familyName: namePrefix }, required: ['familyName'] },
    { properties: { jurisdiction: { type: 'string' } }, required: ['jurisdiction'] },
  ],
  dependencies: { givenName: ['familyName'] },
  properties: {
    familyName: namePrefix,
    givenName: namePrefix,
    jurisdiction: { type: 'string', enum: JURISDICTIONS },
    updatedAfter: { ...instant, description: 'Licenses last updated at or after this instant.' },
    updatedBefore: { ...instant, description: 'Licenses last updated before this instant.' },
    pageSize: { type: 'integer', minimum: 1, maximum: MAX_PROVIDER_PAGE_SIZE },
    cursor: {
      type: 'string',
      minLength: 1,
      maxLength: 2048,
      description: "The previous page's `cursor`, with the same query, by the same client.",
    },
  },
} as const;
export type ProviderQuery = FromSchema<typeof providerQuerySchema>;

export const bulkProvidersRequestSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-bulk-providers.input.json',
  title: 'bulk provider read',
  type: 'object',
  additionalProperties: false,
  required: ['providerIds'],
  properties: {
    providerIds: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BULK_PROVIDER_IDS,
      items: { type: 'string', pattern: PROVIDER_ID_PATTERN },
    },
  },
} as const;
export type BulkProvidersRequest = FromSchema<typeof bulkProvidersRequestSchema>;

// What a license reads as: every field a board reports except the SSN, and where and when it was reported.
const { ssn: _ssn, ...reportedFields } = licenseSchema.properties;
const licenseViewProperties = {
  providerId: { type: 'string', pattern: PROVIDER_ID_PATTERN },
  compact: { type: 'string', enum: COMPACTS },
  jurisdiction: { type: 'string', enum: JURISDICTIONS },
  ...reportedFields,
  licenseType: { type: 'string', enum: LICENSE_TYPES },
  dateOfUpdate: instant,
} as const;
const licenseViewRequired = [
  'providerId',
  'compact',
  'jurisdiction',
  'licenseType',
  'licenseStatus',
  'compactEligibility',
  'givenName',
  'familyName',
  'dateOfUpdate',
] as const;

export const licenseViewSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-license.output.json',
  title: 'license as read',
  description:
    'A license as its board last reported it; past its expiry date it reads inactive and ineligible. Never the SSN.',
  type: 'object',
  additionalProperties: false,
  required: licenseViewRequired,
  properties: {
    ...licenseViewProperties,
    history: {
      type: 'array',
      description: 'Each changed report of this license, oldest first (single reads only).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: licenseViewRequired,
        properties: licenseViewProperties,
      },
    },
  },
} as const;

const identity = {
  providerId: { type: 'string', pattern: PROVIDER_ID_PATTERN },
  compact: { type: 'string', enum: COMPACTS },
  ssnLastFour: { type: 'string', pattern: '^\\d{4}$' },
  ssn: {
    type: 'string',
    pattern: '^\\d{3}-\\d{2}-\\d{4}$',
    description: 'Only for a client with `{compact}/readSSN`, and only in single and bulk reads.',
  },
  createdAt: { ...instant, description: 'When the provider was first reported.' },
} as const;

export const providerViewSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-provider.output.json',
  title: 'provider as read',
  description:
    'A provider: who it is (id, SSN or its last four digits) and its licenses. A bulk read answers the identity only.',
  type: 'object',
  additionalProperties: false,
  required: ['providerId', 'compact', 'ssnLastFour'],
  properties: {
    ...identity,
    licenses: { type: 'array', items: { $ref: 'licensing-license.output.json' } },
  },
} as const;

export const providerPageSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-provider-page.output.json',
  title: 'page of a provider query',
  description:
    'The providers whose licenses matched, in index order, each with the matching licenses (a provider whose licenses span two pages appears on both). `cursor` is absent on the last page.',
  type: 'object',
  additionalProperties: false,
  required: ['providers'],
  properties: {
    providers: { type: 'array', items: { $ref: 'licensing-provider.output.json' } },
    cursor: { type: 'string' },
  },
} as const;

export const bulkProvidersOutputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'licensing-bulk-providers.output.json',
  title: 'bulk provider read',
  description: 'The providers found, in the order asked (each once), and the ids not found in the compact.',
  type: 'object',
  additionalProperties: false,
  required: ['providers', 'notFound'],
  properties: {
    providers: { type: 'array', items: { $ref: 'licensing-provider.output.json' } },
    notFound: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** Every schema of the read API: published as JSON files, and the $refs between them resolve by `$id`. */
export const licensingReadSchemas = [
  providerQuerySchema,
  bulkProvidersRequestSchema,
  licenseViewSchema,
  providerViewSchema,
  providerPageSchema,
  bulkProvidersOutputSchema,
] as const;
