import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { generateValidatorsDeclarations, generateValidatorsSource } from '../../scripts/validators.js';
import {
  addressCallbackSchema,
  exportedSchemas,
  proofAddressInputSchema,
  proofDocumentInputSchema,
  proofResolutionInputSchema,
  resolutionCallbackSchema,
  validateProofAddressInput,
  validateProofDocumentInput,
  validateProofResolutionInput,
} from '../../src/index.js';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
// Every case runs against the schema compiled here and against the precompiled validator functions use.
const precompiled = new Map<object, (value: unknown) => boolean>([
  [proofAddressInputSchema, validateProofAddressInput],
  [proofResolutionInputSchema, validateProofResolutionInput],
  [proofDocumentInputSchema, validateProofDocumentInput],
]);
const valid = (schema: object, value: unknown) => {
  const expected = ajv.validate(schema, value);
  const validate = precompiled.get(schema);
  if (validate) expect(validate(value), 'precompiled validator disagrees with the schema').toBe(expected);
  return expected;
};

const applicant = {
  uuid: '5bc2a0b0-5c1c-4d8c-9f5f-1b2e3c4d5e6f',
  first_name: 'Fakey',
  last_name: 'McFakerson',
  dob: '1938-10-06',
  ssn: '900-12-3456',
  phone: '+1 (202) 555-1212',
};
const callback_url = 'https://idp.example.gov/api/address/proofing_results/abc123';

describe('exported JSON schemas', () => {
  it.each(exportedSchemas.map((s) => [s.$id, s] as const))(
    '%s matches its TypeScript source',
    (id, schema) => {
      const file = JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas', id), 'utf8'));
      expect(file, 'run: npx nx run contracts:generate').toEqual(schema);
    },
  );

  it('the precompiled validators are generated from the current schemas', () => {
    const generated = join(import.meta.dirname, '../../src/generated');
    const hint = 'run: npx nx run contracts:generate';
    expect(readFileSync(join(generated, 'validators.cjs'), 'utf8'), hint).toBe(generateValidatorsSource());
    expect(readFileSync(join(generated, 'validators.d.cts'), 'utf8'), hint).toBe(
      generateValidatorsDeclarations(),
    );
  });

  it('every schema compiles in ajv strict mode', () => {
    for (const schema of exportedSchemas) expect(() => ajv.compile(schema)).not.toThrow();
  });
});

describe('proof-address input', () => {
  it('accepts the IDP payload', () => {
    expect(valid(proofAddressInputSchema, { applicant_pii: applicant, callback_url, trace_id: 't-1' })).toBe(
      true,
    );
  });

  it.each([
    ['missing ssn', { ...applicant, ssn: undefined }],
    ['a malformed ssn', { ...applicant, ssn: '12-345' }],
    ['a dob that is not a date', { ...applicant, dob: '10/06/1938' }],
    ['a phone with letters', { ...applicant, phone: 'call me maybe' }],
    ['an empty first name', { ...applicant, first_name: '' }],
  ])('rejects %s', (_name, pii) => {
    expect(
      valid(proofAddressInputSchema, { applicant_pii: JSON.parse(JSON.stringify(pii)), callback_url }),
    ).toBe(false);
  });

  it('rejects a callback_url that is not a URL', () => {
    expect(valid(proofAddressInputSchema, { applicant_pii: applicant, callback_url: 'not a url' })).toBe(
      false,
    );
  });
});

describe('proof-resolution input', () => {
  const pii = {
    ...applicant,
    address1: '1 Microsoft Way',
    address2: null,
    city: 'Bayside',
    state: 'NY',
    zipcode: '11364',
    state_id_number: '123456789',
    state_id_type: 'drivers_license',
    state_id_jurisdiction: 'ND',
  };

  it('accepts the IDP payload', () => {
    expect(
      valid(proofResolutionInputSchema, { applicant_pii: pii, callback_url, should_proof_state_id: true }),
    ).toBe(true);
  });

  it('requires should_proof_state_id and a two-letter state', () => {
    expect(valid(proofResolutionInputSchema, { applicant_pii: pii, callback_url })).toBe(false);
    expect(
      valid(proofResolutionInputSchema, {
        applicant_pii: { ...pii, state: 'New York' },
        callback_url,
        should_proof_state_id: false,
      }),
    ).toBe(false);
  });
});

describe('proof-resolution state_id_type', () => {
  const pii = {
    ...applicant,
    address1: '1 Microsoft Way',
    city: 'Bayside',
    state: 'NY',
    zipcode: '11364',
    state_id_number: '123456789',
    state_id_jurisdiction: 'ND',
  };
  const withType = (state_id_type: unknown) => ({
    applicant_pii: { ...pii, state_id_type },
    callback_url,
    should_proof_state_id: true,
  });

  it.each(['drivers_license', 'drivers_permit', 'state_id_card'])('accepts %s', (type) => {
    expect(valid(proofResolutionInputSchema, withType(type))).toBe(true);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'passport', 'DRIVERS_LICENSE', ''])(
    'refuses %j',
    (type) => {
      expect(valid(proofResolutionInputSchema, withType(type))).toBe(false);
    },
  );

  it('the exported JSON schema lists the same values', () => {
    const file = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../schemas/proof-resolution.input.json'), 'utf8'),
    );
    expect(file.properties.applicant_pii.properties.state_id_type.enum).toEqual([
      'drivers_license',
      'drivers_permit',
      'state_id_card',
    ]);
  });
});

describe('proof-document input', () => {
  const input = {
    encryption_key: Buffer.alloc(32, 1).toString('base64'),
    front_image_iv: Buffer.alloc(12, 2).toString('base64'),
    back_image_iv: Buffer.alloc(12, 3).toString('base64'),
    selfie_image_iv: null,
    front_image_url: 'https://docs.s3.amazonaws.com/front',
    back_image_url: 'https://docs.s3.amazonaws.com/back',
    selfie_image_url: null,
    liveness_checking_enabled: false,
    callback_url,
  };

  it('accepts the IDP payload without a selfie', () => {
    expect(valid(proofDocumentInputSchema, input)).toBe(true);
  });

  it('rejects a key that is not base64', () => {
    expect(valid(proofDocumentInputSchema, { ...input, encryption_key: 'not base64!' })).toBe(false);
  });
});

describe('callback bodies', () => {
  it('accept the results the IDP expects', () => {
    const base = { success: true, errors: {}, messages: [], exception: null, timed_out: false };
    expect(
      valid(addressCallbackSchema, {
        address_result: {
          ...base,
          transaction_id: 'address-mock-transaction-id-123',
          context: { stages: [{ address: 'lexisnexis:phone_finder' }] },
        },
      }),
    ).toBe(true);
    expect(
      valid(resolutionCallbackSchema, {
        resolution_result: {
          ...base,
          transaction_id: 'resolution-mock-transaction-id-123',
          context: {
            stages: [
              { resolution: 'lexisnexis:instant_verify', transaction_id: 'a' },
              { state_id: 'aamva:state_id', transaction_id: 'b' },
            ],
          },
        },
      }),
    ).toBe(true);
  });

  it('reject an address result without its stages', () => {
    const result = {
      success: true,
      errors: {},
      messages: [],
      exception: null,
      timed_out: false,
      transaction_id: null,
    };
    expect(valid(addressCallbackSchema, { address_result: result })).toBe(false);
  });
});
