import { describe, expect, it } from 'vitest';
import { verificationRequest } from '../../../src/aamva/verification.js';
import { readDocumentResult } from '../../../src/acuant/results.js';
import { docAuthErrors, isIdTypeSupported } from '../../../src/document/doc-auth.js';
import { verdictOf } from '../../../src/lexisnexis/verdict.js';
import type { StateIdApplicant } from '../../../src/index.js';
import { assureIdResult } from '../acuant/assure-id-results.js';

// Names every plain object inherits: a lookup table must answer them as unknown, never with Object's members.
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

const applicant = (state_id_type: string): StateIdApplicant => ({
  uuid: 'u-1',
  first_name: 'Ada',
  last_name: 'Lovelace',
  dob: '1915-12-10',
  address1: '1 Main St',
  city: 'Springfield',
  state: 'IL',
  zipcode: '62704',
  state_id_number: 'S1',
  state_id_type,
  state_id_jurisdiction: 'IL',
});

describe('lookups by a value from outside use own properties only', () => {
  it.each(INHERITED)('AAMVA sends no document category for the state ID type %j', (type) => {
    const body = verificationRequest({
      token: 't',
      applicant: applicant(type),
      dob: '1915-12-10',
      certEnabled: false,
    });
    expect(body).not.toContain('DocumentCategoryCode');
    expect(body).not.toContain('function');
  });

  it('AAMVA still sends the category of a known type', () => {
    const body = verificationRequest({
      token: 't',
      applicant: applicant('state_id_card'),
      dob: '1915-12-10',
      certEnabled: false,
    });
    expect(body).toContain('<ns1:DocumentCategoryCode>3</ns1:DocumentCategoryCode>');
  });

  it.each(INHERITED)(
    'LexisNexis maps a failed check named %j to base, not to an inherited member',
    (name) => {
      const verdict = verdictOf({
        status: 'failed',
        conversationId: 'c-1',
        reasonCode: 'total.scoring.model.verification.fail',
        products: [
          {
            type: 'InstantVerify',
            stepName: null,
            status: 'fail',
            reasonCode: null,
            items: [{ name, status: 'fail', reasonCode: name }],
          },
        ],
      });
      expect(Object.keys(verdict.errors)).toEqual(['base']);
      expect(JSON.parse(JSON.stringify(verdict.errors))).toEqual({
        base: ["Verification failed with code: 'total.scoring.model.verification.fail'"],
      });
    },
  );

  it.each(INHERITED)('Acuant reads a card class named %j as no state ID type', (className) => {
    const result = readDocumentResult(assureIdResult({ ClassName: className }), false);
    expect(result.pii?.state_id_type ?? null).toBeNull();
    expect(isIdTypeSupported({ Front: { ClassName: className } })).toBe(false);
  });

  it.each(INHERITED)('doc-auth ignores a failed alert named %j like any unknown alert', (name) => {
    const errors = docAuthErrors({
      docAuthResult: 'Failed',
      failed: [{ name, result: 'Failed' }],
      passed: [],
      imageMetrics: {},
      livenessEnabled: false,
      selfieFailed: false,
    });
    expect(JSON.stringify(errors)).not.toContain('function');
    for (const messages of Object.values(errors))
      for (const key of messages) expect(typeof key).toBe('string');
  });
});
