import { SCHEMA_DIALECT } from './proofing/common.js';

/**
 * The error envelope every API answers with on failure (`@backend/platform`'s httpHandler), one schema for every
 * service's OpenAPI document and for `schemas/error.output.json`.
 */
export const errorEnvelopeSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'error.output.json',
  title: 'error envelope',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Machine-readable: VALIDATION_ERROR, UNAUTHORIZED, ...' },
        message: { type: 'string', description: 'What is wrong; never the value sent.' },
        field: { type: 'string', description: 'The input at fault, when there is one.' },
      },
    },
  },
} as const;

/** A schema as an OpenAPI component: without the JSON Schema dialect and id, which OpenAPI does not take there. */
export const openApiComponent = (schema: object): Record<string, unknown> => {
  const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
};
