import type { FromSchema } from 'json-schema-to-ts';
import { SCHEMA_DIALECT, callbackUrl, errorsByAttribute, traceId } from './common.js';

const base64 = { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$' } as const;
const imageUrl = { type: 'string', format: 'uri', maxLength: 2048 } as const;

/** What the IDP sends when it invokes `proof-document`. Key and IVs are base64. */
export const proofDocumentInputSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'proof-document.input.json',
  title: 'proof-document job input',
  type: 'object',
  required: [
    'encryption_key',
    'front_image_iv',
    'back_image_iv',
    'front_image_url',
    'back_image_url',
    'liveness_checking_enabled',
    'callback_url',
  ],
  properties: {
    encryption_key: { ...base64, description: 'AES-256 key, base64 (32 bytes).' },
    front_image_iv: { ...base64, description: '12-byte GCM IV, base64.' },
    back_image_iv: base64,
    selfie_image_iv: { type: ['string', 'null'], pattern: base64.pattern },
    front_image_url: imageUrl,
    back_image_url: imageUrl,
    selfie_image_url: { type: ['string', 'null'], format: 'uri', maxLength: 2048 },
    liveness_checking_enabled: { type: 'boolean' },
    callback_url: callbackUrl,
    trace_id: traceId,
  },
} as const;

export type ProofDocumentInput = FromSchema<typeof proofDocumentInputSchema>;

const text = { type: ['string', 'null'] } as const;

/** What `proof-document` POSTs to the IDP's `callback_url`. */
export const documentCallbackSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'proof-document.callback.json',
  title: 'proof-document callback body',
  type: 'object',
  required: ['document_result'],
  additionalProperties: false,
  properties: {
    document_result: {
      type: 'object',
      required: ['success', 'errors', 'exception'],
      properties: {
        success: { type: 'boolean' },
        errors: errorsByAttribute,
        exception: text,
        billed: { type: 'boolean' },
        result: { ...text, description: 'The vendor verdict, e.g. "Passed", "Failed", "Attention".' },
        alert_failure_count: { type: 'integer', minimum: 0 },
        face_match_results: {
          type: ['object', 'null'],
          properties: { is_match: { type: 'boolean' }, match_score: { type: ['number', 'null'] } },
        },
        image_metrics: { type: 'object' },
        processed_alerts: {
          type: 'object',
          properties: { failed: { type: 'array' }, passed: { type: 'array' } },
        },
        raw_alerts: { type: 'array' },
        raw_regions: { type: 'array' },
        selfie_liveness_results: { type: ['object', 'null'] },
        pii_from_doc: {
          type: ['object', 'null'],
          properties: {
            first_name: text,
            middle_name: text,
            last_name: text,
            address1: text,
            address2: text,
            city: text,
            state: text,
            zipcode: text,
            dob: text,
            state_id_number: text,
            state_id_jurisdiction: text,
            state_id_type: text,
            phone: text,
          },
        },
      },
    },
  },
} as const;

export type DocumentCallback = FromSchema<typeof documentCallbackSchema>;
export type DocumentResult = DocumentCallback['document_result'];
