import { startCallbackReceiver, type CallbackReceiver } from '@backend/testing';
import {
  MockStateIdVendor,
  VendorError,
  VendorTimeoutError,
  type ResolutionVendor,
  type StateIdVendor,
  type StateIdVerdict,
  type VendorVerdict,
} from '@backend/vendors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobDeadlines, resolutionJob, runJob } from '../../src/index.js';

const pii = {
  uuid: 'c0ffee00-1111-4222-8333-444455556666',
  first_name: 'Ottoline',
  last_name: 'Vasquez-Ferreira',
  dob: '1983-05-30',
  ssn: '900-55-1234',
  address1: '12 Quiet Lane',
  address2: null,
  city: 'Springfield',
  state: 'IL',
  zipcode: '62704',
  state_id_number: 'S12345678',
  state_id_type: 'drivers_license',
  state_id_jurisdiction: 'IL',
};

const pass = (transaction_id: string): VendorVerdict => ({
  success: true,
  errors: {},
  messages: [],
  transaction_id,
});
const fail = (transaction_id: string, attribute: string): VendorVerdict => ({
  success: false,
  errors: { [attribute]: [`Unverified ${attribute}.`] },
  messages: [`${attribute} did not match`],
  transaction_id,
});

/** A state ID verdict whose check matched the required attributes, the full date of birth among them. */
const verified = (transaction_id: string): StateIdVerdict => ({
  ...pass(transaction_id),
  verified: ['state_id_number', 'dob', 'last_name', 'first_name'],
});
const stateIdFail = (transaction_id: string, attribute: string): StateIdVerdict => ({
  ...fail(transaction_id, attribute),
  verified: ['dob', 'last_name', 'first_name'],
});

/**
 * InstantVerify as it answers an applicant whose full date of birth is wrong but whose year is right: it
 * passes only when asked to match the year (dob_year_only), and fails on the DOB otherwise.
 */
const wrongDayOfBirth: ResolutionVendor = {
  name: 'lexisnexis:instant_verify',
  proof: async (applicant) => (applicant.dob_year_only ? pass('iv-year') : fail('iv-full', 'dob')),
};

/** A vendor double that records the order of calls and what it was asked. */
function vendors(resolution: () => Promise<VendorVerdict>, stateId: () => Promise<StateIdVerdict>) {
  const calls: string[] = [];
  const resolutionVendor: ResolutionVendor = {
    name: 'lexisnexis:instant_verify',
    proof: async (applicant) => {
      calls.push(applicant.dob_year_only ? 'resolution(year only)' : 'resolution');
      return resolution();
    },
  };
  const stateIdVendor: StateIdVendor = {
    name: 'aamva:state_id',
    proof: async () => {
      calls.push('state_id');
      return stateId();
    },
  };
  return { calls, job: resolutionJob({ resolution: resolutionVendor, stateId: stateIdVendor }) };
}

let receiver: CallbackReceiver;
beforeEach(async () => {
  receiver = await startCallbackReceiver();
});
afterEach(() => receiver.close());

async function run(job: ReturnType<typeof resolutionJob>, extra: object) {
  const event = { applicant_pii: pii, callback_url: `${receiver.url}/api/resolution/r-1`, ...extra };
  await runJob(job, event, {
    callbackToken: async () => 'resolution-token',
    callbackSigningKey: async () => 'resolution-signing-key',
    policy: { environment: 'local', allowedHosts: ['127.0.0.1'] },
    deadlines: jobDeadlines({ budgetMs: 5_000, remainingMs: 30_000, callbackReserveMs: 1_000 }),
    callbackOptions: { baseDelayMs: 5 },
  });
  return JSON.parse((await receiver.waitForRequest()).body).resolution_result;
}

describe('resolution job', () => {
  it('runs InstantVerify then the state ID check and merges both stages', async () => {
    const { calls, job } = vendors(
      async () => pass('iv-1'),
      async () => verified('aamva-1'),
    );
    const result = await run(job, { should_proof_state_id: true });
    expect(calls).toEqual(['resolution', 'state_id']);
    expect(result).toEqual({
      success: true,
      errors: {},
      messages: [],
      exception: null,
      timed_out: false,
      transaction_id: 'iv-1',
      context: {
        stages: [
          { resolution: 'lexisnexis:instant_verify', transaction_id: 'iv-1' },
          { state_id: 'aamva:state_id', transaction_id: 'aamva-1' },
        ],
      },
    });
  });

  it('skips the state ID check when InstantVerify fails or when it is not asked for', async () => {
    const failing = vendors(
      async () => fail('iv-2', 'ssn'),
      async () => verified('aamva-2'),
    );
    const result = await run(failing.job, { should_proof_state_id: true });
    expect(failing.calls).toEqual(['resolution']);
    expect(result).toMatchObject({
      success: false,
      errors: { ssn: ['Unverified ssn.'] },
      messages: ['ssn did not match'],
    });

    const notAsked = vendors(
      async () => pass('iv-3'),
      async () => verified('aamva-3'),
    );
    expect(await run(notAsked.job, { should_proof_state_id: false })).toMatchObject({ success: true });
    expect(notAsked.calls).toEqual(['resolution']);
  });

  it('flips the order with dob_year_only: the state ID first, then InstantVerify on the year of birth', async () => {
    const { calls, job } = vendors(
      async () => pass('iv-4'),
      async () => verified('aamva-4'),
    );
    const result = await run(job, { should_proof_state_id: true, dob_year_only: true });
    expect(calls).toEqual(['state_id', 'resolution(year only)']);
    expect(result.context.stages.map((s: object) => Object.keys(s)[0])).toEqual(['state_id', 'resolution']);
    expect(result.transaction_id).toBe('iv-4');
  });

  it('merges a failing state ID check into a passing resolution', async () => {
    const { job } = vendors(
      async () => pass('iv-5'),
      async () => stateIdFail('aamva-5', 'state_id_number'),
    );
    expect(await run(job, { should_proof_state_id: true })).toMatchObject({
      success: false,
      errors: { state_id_number: ['Unverified state_id_number.'] },
      transaction_id: 'iv-5',
    });
  });

  it('reports a vendor error and a vendor timeout as exceptions', async () => {
    const erroring = vendors(
      async () => Promise.reject(new VendorError('lexisnexis unreachable')),
      async () => verified('x'),
    );
    expect(await run(erroring.job, { should_proof_state_id: true })).toMatchObject({
      success: false,
      timed_out: false,
      exception: 'VendorError: lexisnexis unreachable',
    });
    const slow = vendors(
      async () => pass('iv-6'),
      async () => Promise.reject(new VendorTimeoutError('aamva timed out')),
    );
    expect(await run(slow.job, { should_proof_state_id: true })).toMatchObject({
      success: false,
      timed_out: true,
      exception: 'VendorTimeoutError: aamva timed out',
    });
  });

  it('excuses the full-DOB check only when the state ID check ran and matched the date of birth', async () => {
    const checked = await run(
      resolutionJob({
        resolution: wrongDayOfBirth,
        stateId: { name: 'aamva:state_id', proof: async () => verified('aamva-7') },
      }),
      { should_proof_state_id: true, dob_year_only: true },
    );
    expect(checked).toMatchObject({ success: true, transaction_id: 'iv-year' });

    // AAMVA matched the number but not the date of birth: nothing excuses the full-date check.
    const dobUnmatched = await run(
      resolutionJob({
        resolution: wrongDayOfBirth,
        stateId: {
          name: 'aamva:state_id',
          proof: async () => ({ ...pass('aamva-8'), verified: ['state_id_number', 'last_name'] }),
        },
      }),
      { should_proof_state_id: true, dob_year_only: true },
    );
    expect(dobUnmatched).toMatchObject({ success: false, errors: { dob: ['Unverified dob.'] } });
  });

  it('does not excuse the full-DOB check for a jurisdiction the state ID vendor passes unchecked', async () => {
    // A wrong state ID number and date of birth in a jurisdiction the mock (like AAMVA) does not serve.
    const job = resolutionJob({ resolution: wrongDayOfBirth, stateId: new MockStateIdVendor(['MD']) });
    const result = await run(job, { should_proof_state_id: true, dob_year_only: true });
    expect(result).toMatchObject({
      success: false,
      errors: { dob: ['Unverified dob.'] },
      messages: [
        'The state ID jurisdiction is not supported by AAMVA; the state ID was not checked.',
        'dob did not match',
      ],
      transaction_id: 'iv-full',
      context: {
        stages: [
          { state_id: 'StateIdMock', transaction_id: null },
          { resolution: 'lexisnexis:instant_verify', transaction_id: 'iv-full' },
        ],
      },
    });
  });

  it('merges error attributes named like Object members (constructor, __proto__) as plain attributes', async () => {
    const hostile = JSON.parse('{"constructor":["c"],"__proto__":["p"],"toString":["t"]}') as Record<
      string,
      string[]
    >;
    const { job } = vendors(
      async () => ({ success: false, errors: hostile, messages: [], transaction_id: 'iv-9' }),
      async () => verified('aamva-9'),
    );
    const result = await run(job, { should_proof_state_id: true });
    expect(result.success).toBe(false);
    expect(Object.entries(result.errors)).toEqual([
      ['constructor', ['c']],
      ['__proto__', ['p']],
      ['toString', ['t']],
    ]);
  });

  it('answers a constructor state ID type as bad input, before any vendor is called', async () => {
    const { calls, job } = vendors(
      async () => pass('iv-10'),
      async () => verified('aamva-10'),
    );
    const event = {
      applicant_pii: { ...pii, state_id_type: 'constructor' },
      callback_url: `${receiver.url}/api/resolution/r-1`,
      should_proof_state_id: true,
    };
    await runJob(job, event, {
      callbackToken: async () => 'resolution-token',
      callbackSigningKey: async () => 'resolution-signing-key',
      policy: { environment: 'local', allowedHosts: ['127.0.0.1'] },
      deadlines: jobDeadlines({ budgetMs: 5_000, remainingMs: 30_000, callbackReserveMs: 1_000 }),
    });
    const result = JSON.parse((await receiver.waitForRequest()).body).resolution_result;
    expect(result).toMatchObject({
      success: false,
      exception: expect.stringMatching(/^ValidationError: .*state_id_type/),
    });
    expect(result.exception).not.toContain('constructor');
    expect(calls).toEqual([]);
  });
});
