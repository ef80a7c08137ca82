import { startProofingHarness, type ProofingHarness } from '@backend/testing';
import { proofingService } from '@backend/proofing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A job that fails for good: the IDP answers 503 to every callback of the job, so each invocation fails and
// Lambda retries it twice; then the event reaches the failures queue and proofing-failure reports the failure.
const pii = {
  uuid: '6a1d3f5b-7c9e-4b2d-8f0a-2c4e6a8c0e1f',
  first_name: 'Leopold',
  last_name: 'Strzelecki-Mbeki',
  dob: '1955-03-08',
  ssn: '900-27-6315',
  phone: '2025550163',
};
const CALLBACK_ATTEMPTS_PER_INVOCATION = 3;
const INVOCATIONS = 3;

let harness: ProofingHarness;
beforeAll(async () => {
  let seen = 0;
  harness = await startProofingHarness({
    services: [proofingService],
    receiver: { status: () => (++seen <= CALLBACK_ATTEMPTS_PER_INVOCATION * INVOCATIONS ? 503 : 200) },
  });
});
afterAll(() => harness?.stop());

describe('proofing-failure through the local cloud', () => {
  it('reports a job whose retries are spent to the IDP at once, having called its vendor only once', async () => {
    const callback_url = harness.callbackUrl('address');
    const invoked = await harness.cloud.invoke(
      'local-proof-address',
      { applicant_pii: pii, callback_url, trace_id: 'trace-f' },
      { invocationType: 'Event' },
    );
    expect(invoked.statusCode).toBe(202);

    const attempts = CALLBACK_ATTEMPTS_PER_INVOCATION * INVOCATIONS;
    for (let i = 0; i < attempts; i++) await harness.receiver.waitForRequest(20_000);
    const report = await harness.receiver.waitForRequest(30_000);
    expect(report.path).toBe(new URL(callback_url).pathname);
    expect(report.headers['x-api-auth-token']).toBe(await harness.token('address'));
    expect(JSON.parse(report.body).address_result).toMatchObject({
      success: false,
      exception: 'JobFailedError: the address job failed after its retries (CallbackDeliveryError)',
    });

    await harness.cloud.drain();
    const jobLogs = harness.cloud.logs('local-proof-address').join('\n');
    expect(jobLogs.match(/"vendor answered"/g)).toHaveLength(1);
    const allLogs = [...jobLogs.split('\n'), ...harness.cloud.logs('local-proofing-failure')].join('\n');
    for (const value of Object.values(pii)) expect(allLogs).not.toContain(value);
  });
});
