import { startCallbackReceiver, type CallbackReceiver } from '@backend/testing';
import {
  VendorError,
  VendorTimeoutError,
  type ResolutionVendor,
  type StateIdVendor,
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

/** A vendor double that records the order of calls and what it was asked. */
function vendors(resolution: () => Promise<VendorVerdict>, stateId: () => Promise<VendorVerdict>) {
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
      async () => pass('aamva-1'),
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
      async () => pass('aamva-2'),
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
      async () => pass('aamva-3'),
    );
    expect(await run(notAsked.job, { should_proof_state_id: false })).toMatchObject({ success: true });
    expect(notAsked.calls).toEqual(['resolution']);
  });

  it('flips the order with dob_year_only: the state ID first, then InstantVerify on the year of birth', async () => {
    const { calls, job } = vendors(
      async () => pass('iv-4'),
      async () => pass('aamva-4'),
    );
    const result = await run(job, { should_proof_state_id: true, dob_year_only: true });
    expect(calls).toEqual(['state_id', 'resolution(year only)']);
    expect(result.context.stages.map((s: object) => Object.keys(s)[0])).toEqual(['state_id', 'resolution']);
    expect(result.transaction_id).toBe('iv-4');
  });

  it('merges a failing state ID check into a passing resolution', async () => {
    const { job } = vendors(
      async () => pass('iv-5'),
      async () => fail('aamva-5', 'state_id_number'),
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
      async () => pass('x'),
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
});
