import type { FromSchema } from 'json-schema-to-ts';
import {
  SCHEMA_DIALECT,
  applicantUuid,
  callbackUrl,
  isoDate,
  nonEmptyString,
  phone,
  resultBase,
  ssn,
  traceId,
} from './common.js';

/** What the IDP sends when it invokes `proof-address`. */
export const proofAddressInputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'proof-address.input.json',
  title: 'proof-address job input',
  type: 'object',
  required: ['applicant_pii', 'callback_url'],
  properties: {
    applicant_pii: {
      type: 'object',
      required: ['uuid', 'first_name', 'last_name', 'dob', 'ssn', 'phone'],
      properties: {
        uuid: applicantUuid,
        uuid_prefix: { type: 'string', maxLength: 64 },
        first_name: nonEmptyString,
        last_name: nonEmptyString,
        dob: isoDate,
        ssn,
        phone,
      },
    },
    callback_url: callbackUrl,
    trace_id: traceId,
  },
} as const;

export type ProofAddressInput = FromSchema<typeof proofAddressInputSchema>;

/** What `proof-address` POSTs to the IDP's `callback_url`. */
export const addressCallbackSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'proof-address.callback.json',
  title: 'proof-address callback body',
  type: 'object',
  required: ['address_result'],
  additionalProperties: false,
  properties: {
    address_result: {
      type: 'object',
      required: ['success', 'errors', 'messages', 'exception', 'timed_out', 'transaction_id', 'context'],
      additionalProperties: false,
      properties: {
        ...resultBase,
        context: {
          type: 'object',
          required: ['stages'],
          additionalProperties: false,
          properties: {
            stages: {
              type: 'array',
              items: {
                type: 'object',
                required: ['address'],
                additionalProperties: false,
                properties: { address: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
} as const;

export type AddressCallback = FromSchema<typeof addressCallbackSchema>;
export type AddressResult = AddressCallback['address_result'];
