import type { FromSchema } from 'json-schema-to-ts';
import {
  SCHEMA_DIALECT,
  applicantUuid,
  callbackUrl,
  isoDate,
  nonEmptyString,
  resultBase,
  ssn,
  stateIdType,
  traceId,
} from './common.js';

/** What the IDP sends when it invokes `proof-resolution`. */
export const proofResolutionInputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'proof-resolution.input.json',
  title: 'proof-resolution job input',
  type: 'object',
  required: ['applicant_pii', 'callback_url', 'should_proof_state_id'],
  properties: {
    applicant_pii: {
      type: 'object',
      required: [
        'uuid',
        'first_name',
        'last_name',
        'dob',
        'ssn',
        'address1',
        'city',
        'state',
        'zipcode',
        'state_id_number',
        'state_id_type',
        'state_id_jurisdiction',
      ],
      properties: {
        uuid: applicantUuid,
        uuid_prefix: { type: 'string', maxLength: 64 },
        first_name: nonEmptyString,
        middle_name: { type: ['string', 'null'], maxLength: 256 },
        last_name: nonEmptyString,
        dob: isoDate,
        ssn,
        address1: nonEmptyString,
        address2: { type: ['string', 'null'], maxLength: 256 },
        city: nonEmptyString,
        state: { type: 'string', pattern: '^[A-Z]{2}$' },
        zipcode: { type: 'string', pattern: '^\\d{5}(-?\\d{4})?$' },
        state_id_number: nonEmptyString,
        state_id_type: stateIdType,
        state_id_jurisdiction: { type: 'string', pattern: '^[A-Z]{2}$' },
      },
    },
    callback_url: callbackUrl,
    should_proof_state_id: { type: 'boolean' },
    dob_year_only: { type: 'boolean', default: false },
    trace_id: traceId,
  },
} as const;

export type ProofResolutionInput = FromSchema<typeof proofResolutionInputSchema>;

const stage = (name: string) =>
  ({
    type: 'object',
    required: [name],
    properties: { [name]: { type: 'string' }, transaction_id: { type: ['string', 'null'] } },
  }) as const;

/** What `proof-resolution` POSTs to the IDP's `callback_url`. */
export const resolutionCallbackSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'proof-resolution.callback.json',
  title: 'proof-resolution callback body',
  type: 'object',
  required: ['resolution_result'],
  additionalProperties: false,
  properties: {
    resolution_result: {
      type: 'object',
      required: ['success', 'errors', 'messages', 'exception', 'timed_out', 'transaction_id', 'context'],
      additionalProperties: false,
      properties: {
        ...resultBase,
        context: {
          type: 'object',
          required: ['stages'],
          properties: {
            stages: { type: 'array', items: { anyOf: [stage('resolution'), stage('state_id')] } },
          },
        },
      },
    },
  },
} as const;

export type ResolutionCallback = FromSchema<typeof resolutionCallbackSchema>;
export type ResolutionResult = ResolutionCallback['resolution_result'];
