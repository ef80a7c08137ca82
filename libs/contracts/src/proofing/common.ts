// Building blocks shared by the proofing schemas. They are inlined (spread) rather than $ref'd so that
// each exported JSON file stands alone for callers in other languages.

export const SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

export const nonEmptyString = { type: 'string', minLength: 1, maxLength: 256 } as const;

export const callbackUrl = {
  type: 'string',
  format: 'uri',
  maxLength: 2048,
  description: "The IDP's result endpoint for this job; the last path segment is the result id.",
} as const;

export const traceId = {
  type: 'string',
  maxLength: 128,
  description: "The IDP's request trace id, carried into every log line of the job.",
} as const;

export const applicantUuid = { type: 'string', minLength: 1, maxLength: 128 } as const;

/** ISO 8601 calendar date, as the IDP sends `dob`. */
export const isoDate = { type: 'string', format: 'date' } as const;

/**
 * The kinds of state-issued ID the IDP sends (AAMVA's document categories 1, 2 and 3). An enum, not free text:
 * the value is looked up in tables, and a name like `constructor` must be refused here, not looked up.
 */
export const stateIdType = {
  type: 'string',
  enum: ['drivers_license', 'drivers_permit', 'state_id_card'],
} as const;

/** 123-45-6789 or 123456789. */
export const ssn = { type: 'string', pattern: '^\\d{3}-?\\d{2}-?\\d{4}$' } as const;

/** Digits with the usual separators; the vendors normalise. */
export const phone = { type: 'string', pattern: '^\\+?[0-9() .-]{7,32}$' } as const;

/** `{ attribute: [message, …] }`, as the IDP renders errors per form field. */
export const errorsByAttribute = {
  type: 'object',
  additionalProperties: { type: 'array', items: { type: 'string' } },
} as const;

/** The fields every proofing result carries. */
export const resultBase = {
  success: { type: 'boolean' },
  errors: errorsByAttribute,
  messages: { type: 'array', items: { type: 'string' } },
  exception: {
    type: ['string', 'null'],
    description: 'A short "ErrorClass: message" when the job could not reach a verdict; never a vendor body.',
  },
  timed_out: { type: 'boolean' },
  transaction_id: { type: ['string', 'null'] },
} as const;
