import { COMPACTS, JURISDICTIONS, MAX_LICENSES_PER_REQUEST, licenseSchema } from './license.js';

// The licensing write API as an OpenAPI 3.1 document, built from the same license schema the functions validate
// with; `npx nx run contracts:generate` writes it to docs/api/licensing-state.* (drift-tested).

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

export const licensingOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Licensing data (write side)',
    version: '1.0.0',
    description:
      'Licensing boards send license data for their own jurisdiction: as JSON (up to 100 licenses), or as a CSV file uploaded to S3 through a pre-signed POST and ingested asynchronously. Bearer tokens come from the OAuth 2.0 client-credentials issuer; a board needs `{jurisdiction}/{compact}.write` (or `.admin`) for the path it writes.',
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
  },
} as const;
