import { startProofingHarness, type ProofingHarness } from '@backend/testing';
import { proofingService } from '@backend/proofing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The IDP's view: an async invoke through the Lambda API, the result at the callback (token, signature and
// schema checked by the harness), with the IDP-compatible mock vendors.
const FUNCTION = 'local-proof-resolution';
const pii = {
  uuid: '1e5b7c9d-2f4a-4b6c-8d0e-1a3c5e7f9b2d',
  first_name: 'Gwendolyn',
  last_name: 'Abernathy-Oyelaran',
  dob: '1968-09-14',
  ssn: '900-38-4172',
  address1: '4410 Larkspur Terrace',
  address2: 'Unit 9',
  city: 'Montpelier',
  state: 'VT',
  zipcode: '05602',
  state_id_number: 'VT55512345',
  state_id_type: 'drivers_license',
  state_id_jurisdiction: 'VT',
};

let harness: ProofingHarness;
beforeAll(async () => {
  harness = await startProofingHarness({ services: [proofingService] });
});
afterAll(() => harness?.stop());

const proof = (applicant: object, extra: object = {}) =>
  harness.proof('resolution', {
    applicant_pii: applicant,
    should_proof_state_id: true,
    trace_id: 'trace-r',
    ...extra,
  });

describe('proof-resolution through the local cloud', () => {
  it('resolves the applicant, then verifies the state ID', async () => {
    const result = await proof(pii);
    expect(result).toMatchObject({ success: true, exception: null, timed_out: false });
    expect(result.context).toEqual({
      stages: [
        { resolution: 'ResolutionMock', transaction_id: expect.any(String) },
        { state_id: 'StateIdMock', transaction_id: expect.any(String) },
      ],
    });
  });

  it.each([
    ['a failing first name', { first_name: 'Bad' }, { success: false, timed_out: false, exception: null }],
    ['an SSN that fails', { ssn: '900-66-6666' }, { success: false }],
    [
      'a vendor error',
      { first_name: 'Fail' },
      { success: false, exception: expect.stringMatching(/^VendorError: /) },
    ],
    ['a vendor timeout', { first_name: 'Time' }, { success: false, timed_out: true }],
  ])('reports %s', async (_case, change, expected) => {
    await expect(proof({ ...pii, ...change })).resolves.toMatchObject(expected);
  });

  it('passes a jurisdiction the state ID vendor does not serve unchecked, saying so, as AAMVA does', async () => {
    const result = await proof({ ...pii, state_id_jurisdiction: 'CA' }, { dob_year_only: true });
    expect(result).toMatchObject({
      success: true,
      messages: ['The state ID jurisdiction is not supported by AAMVA; the state ID was not checked.'],
    });
    expect(result.context).toEqual({
      stages: [
        { state_id: 'StateIdMock', transaction_id: null },
        { resolution: 'ResolutionMock', transaction_id: expect.any(String) },
      ],
    });
  });

  it('answers a constructor state ID type with success: false naming the field, not the value', async () => {
    const result = await proof({ ...pii, state_id_type: 'constructor' });
    expect(result).toMatchObject({
      success: false,
      exception: expect.stringMatching(/^ValidationError: .*state_id_type/),
    });
    expect(result.exception).not.toContain('constructor');
  });

  it('answers a payload that breaks the schema with success: false naming the field', async () => {
    const result = await proof({ ...pii, zipcode: 'nowhere' });
    expect(result).toMatchObject({
      success: false,
      exception: expect.stringMatching(/^ValidationError: .*zipcode/),
    });
  });

  it('logs the trace id and vendor timings but no PII and no token', async () => {
    await harness.cloud.drain();
    const logs = harness.cloud.logs(FUNCTION).join('\n');
    expect(logs).toContain('trace-r');
    expect(logs).toContain('vendor_ms');
    for (const value of [...Object.values(pii), await harness.token('resolution')])
      expect(logs).not.toContain(value);
  });
});
