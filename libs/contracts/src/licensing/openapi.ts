import { openApiComponent } from '../error-envelope.js';
import { COMPACTS, JURISDICTIONS, MAX_LICENSES_PER_REQUEST, licenseSchema } from './license.js';
import {
  MAX_BULK_PROVIDER_IDS,
  PROVIDER_ID_PATTERN,
  bulkProvidersOutputSchema,
  bulkProvidersRequestSchema,
  licenseViewSchema,
  providerPageSchema,
  providerQuerySchema,
  providerViewSchema,
} from './read.js';

// The licensing state API (what boards and other machine clients call) as an OpenAPI 3.1 document: the write
// routes and the read routes, built from the same schemas the functions validate with; `npx nx run
// contracts:generate` writes it to docs/api/licensing-state.* (drift-tested).

const { $schema: _dialect, $id: _id, ...license } = licenseSchema;

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    },
  },
} as const;

const pathParameters = [
  { name: 'compact', in: 'path', required: true, schema: { type: 'string', enum: COMPACTS } },
  { name: 'jurisdiction', in: 'path', required: true, schema: { type: 'string', enum: JURISDICTIONS } },
];

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: 'refused',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

const base = '/v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses';
const writeScopes = ['{jurisdiction}/{compact}.write', '{jurisdiction}/{compact}.admin'];
const readScopes = ['{compact}/readGeneral'];

/** The read schemas name each other by `$id`; in the document they are components. */
const READ_COMPONENTS: Record<string, string> = {
  [licenseViewSchema.$id]: 'LicenseView',
  [providerViewSchema.$id]: 'ProviderView',
};
const readComponent = (schema: object) =>
  JSON.parse(
    JSON.stringify(openApiComponent(schema)).replace(
      /"\$ref":"([^"#]+)"/g,
      (_match, id: string) => `"$ref":"#/components/schemas/${READ_COMPONENTS[id] ?? id}"`,
    ),
  ) as Record<string, unknown>;

const json = (schema: string) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${schema}` } },
});
const compactParameter = {
  name: 'compact',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: COMPACTS },
};
const readErrors = {
  '400': {
    description:
      'BAD_REQUEST and others: the body or a parameter is not what the schema allows (named in `field`).',
    content: json('Error'),
  },
  '401': {
    description:
      'MISSING_TOKEN or INVALID_TOKEN: no bearer token, or one that is forged, expired, `alg: none`, for another issuer or audience. Carries `WWW-Authenticate: Bearer`.',
    content: json('Error'),
  },
  '403': {
    description: "INSUFFICIENT_SCOPE: the token lacks `{compact}/readGeneral` for the path's compact.",
    content: json('Error'),
  },
  '503': {
    description:
      'SERVICE_UNAVAILABLE: storage is throttled or failing, or the issuer keys cannot be read; retry after `Retry-After` seconds.',
    content: json('Error'),
  },
};

export const licensingOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Licensing state API',
    version: '1.1.0',
    description:
      "Licensing boards send license data for their own jurisdiction: as JSON (up to 100 licenses), or as a CSV file uploaded to S3 through a pre-signed POST and ingested asynchronously. Bearer tokens come from the OAuth 2.0 client-credentials issuer; a board needs `{jurisdiction}/{compact}.write` (or `.admin`) for the path it writes. Machine clients with `{compact}/readGeneral` read the compact's providers (`/v1/compacts/{compact}/providers/…`, served by the read API's load balancer): one by id, a query by name, jurisdiction or date of update, or up to 100 by id; full SSNs only with `{compact}/readSSN`.",
  },
  components: {
    securitySchemes: {
      oauth2: {
        type: 'oauth2',
        flows: {
          clientCredentials: {
            tokenUrl: '/oauth2/token',
            scopes: {
              '{jurisdiction}/{compact}.write': "write the jurisdiction's licenses in the compact",
              '{jurisdiction}/{compact}.admin': "administer the jurisdiction's data in the compact",
              '{compact}/admin': 'administer the compact',
              '{compact}/readGeneral': 'read provider data (SSN last four digits only)',
              '{compact}/readSSN': 'read full SSNs',
            },
          },
        },
      },
    },
    schemas: {
      License: license,
      Error: errorBody,
      LicenseView: readComponent(licenseViewSchema),
      ProviderView: readComponent(providerViewSchema),
      ProviderQuery: readComponent(providerQuerySchema),
      ProviderPage: readComponent(providerPageSchema),
      BulkProvidersRequest: readComponent(bulkProvidersRequestSchema),
      BulkProviders: readComponent(bulkProvidersOutputSchema),
      RowError: {
        type: 'object',
        required: ['row', 'message'],
        properties: {
          row: {
            type: 'integer',
            description: 'Data row (1 = the first row after the header); 0 for the whole file.',
          },
          line: { type: 'integer', description: 'Line of the file where the row ends.' },
          field: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
  security: [{ oauth2: writeScopes }],
  paths: {
    [base]: {
      post: {
        summary: 'Upsert up to 100 licenses',
        description: `A JSON array of 1 to ${MAX_LICENSES_PER_REQUEST} licenses. When any license is invalid, nothing is written and the answer lists the errors by array index.`,
        parameters: pathParameters,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'array',
                minItems: 1,
                maxItems: MAX_LICENSES_PER_REQUEST,
                items: { $ref: '#/components/schemas/License' },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'every license written',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { written: { type: 'integer' }, unchanged: { type: 'integer' } },
                },
              },
            },
          },
          '400': {
            description:
              'invalid licenses (nothing written): `{ error, errors: [{ index, field, message }] }`',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          ...errors(401, 403, 413, 415, 503),
        },
      },
    },
    [`${base}/bulk-upload`]: {
      get: {
        summary: 'A pre-signed S3 POST for one CSV file',
        description:
          'The form `fields` and the file go to `url` as multipart/form-data within an hour; 1 byte to 30 MB. The file is ingested when it lands; its status is at `uploads/{uploadId}`.',
        parameters: pathParameters,
        responses: {
          '200': {
            description: 'the upload',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['upload'],
                  properties: {
                    upload: {
                      type: 'object',
                      required: ['uploadId', 'url', 'fields', 'expiresAt'],
                      properties: {
                        uploadId: { type: 'string', format: 'uuid' },
                        url: { type: 'string' },
                        fields: { type: 'object', additionalProperties: { type: 'string' } },
                        expiresAt: { type: 'string', format: 'date-time' },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(401, 403),
        },
      },
    },
    [`${base}/uploads/{uploadId}`]: {
      get: {
        summary: "An upload's status, counts and row errors",
        parameters: [
          ...pathParameters,
          { name: 'uploadId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'the upload record and one page of its row errors',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    upload: {
                      type: 'object',
                      properties: {
                        uploadId: { type: 'string' },
                        status: {
                          type: 'string',
                          enum: ['awaiting-file', 'processing', 'complete', 'rejected'],
                        },
                        rows: { type: 'integer' },
                        written: { type: 'integer' },
                        unchanged: { type: 'integer' },
                        invalid: { type: 'integer' },
                      },
                    },
                    errors: { type: 'array', items: { $ref: '#/components/schemas/RowError' } },
                    cursor: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errors(401, 403, 404),
        },
      },
    },
    '/v1/compacts/{compact}/providers/{providerId}': {
      get: {
        summary: 'One provider with its licenses and their history',
        security: [{ oauth2: readScopes }],
        parameters: [
          compactParameter,
          {
            name: 'providerId',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: PROVIDER_ID_PATTERN },
          },
        ],
        responses: {
          '200': { description: 'the provider', content: json('ProviderView') },
          '404': {
            description:
              'PROVIDER_NOT_FOUND: no such provider in the compact (also for an id that is not a provider id, and for a compact the token has no scope in: nothing tells whether it exists).',
            content: json('Error'),
          },
          ...readErrors,
        },
      },
    },
    '/v1/compacts/{compact}/providers/query': {
      post: {
        summary: 'Providers by name, or by the jurisdiction and date their licenses changed; paginated',
        security: [{ oauth2: readScopes }],
        parameters: [compactParameter],
        requestBody: { required: true, content: json('ProviderQuery') },
        responses: {
          '200': { description: 'one page of matches', content: json('ProviderPage') },
          ...readErrors,
        },
      },
    },
    '/v1/compacts/{compact}/providers/bulk': {
      post: {
        summary: `Up to ${MAX_BULK_PROVIDER_IDS} providers by id`,
        description:
          'One DynamoDB batch read of the providers asked: each provider found (its identity: id, SSN or its last four digits), and the ids not found in the compact. Licenses are read with the single read.',
        security: [{ oauth2: readScopes }],
        parameters: [compactParameter],
        requestBody: { required: true, content: json('BulkProvidersRequest') },
        responses: {
          '200': { description: 'the providers found and the ids not found', content: json('BulkProviders') },
          ...readErrors,
        },
      },
    },
  },
} as const;
