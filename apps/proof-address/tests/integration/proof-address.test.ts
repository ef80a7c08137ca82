import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startProofingHarness, type ProofingHarness } from '@backend/testing';
import { proofingService } from '@backend/proofing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The IDP's view: invoke the job through the Lambda API, receive the result at its callback endpoint (the
// harness checks the token, the signature and the callback schema).
const FUNCTION = 'local-proof-address';

const pii = {
  uuid: '8d0c7a52-31f4-4b8e-a1f6-5c2d9e4b7a30',
  first_name: 'Philomena',
  last_name: 'Ostrowski-Vance',
  dob: '1974-02-19',
  ssn: '900-73-1846',
  phone: '+1 (202) 555-0191',
};

let harness: ProofingHarness;
beforeAll(async () => {
  harness = await startProofingHarness({ services: [proofingService] });
});
afterAll(() => harness?.stop());

let traces = 0;
const proof = (applicant: object = pii) =>
  harness.proof('address', { applicant_pii: applicant, trace_id: `trace-${++traces}` });
const job = () => ({ applicant_pii: pii, callback_url: harness.callbackUrl('address') });

describe('proof-address through the local cloud', () => {
  it('calls back with a passing result, the SSM token and a valid signature', async () => {
    await expect(proof()).resolves.toMatchObject({
      success: true,
      exception: null,
      timed_out: false,
      transaction_id: 'address-mock-transaction-id-123',
      context: { stages: [{ address: 'AddressMock' }] },
    });
  });

  it.each([
    ['an unverifiable phone', '703-555-5555', { success: false, timed_out: false, exception: null }],
    [
      'a vendor failure',
      '703-555-5999',
      { success: false, exception: 'VendorError: Failed to contact proofing vendor' },
    ],
    ['a vendor timeout', '703-555-5888', { success: false, timed_out: true }],
  ])('calls back with %s', async (_case, phone, expected) => {
    await expect(proof({ ...pii, phone })).resolves.toMatchObject(expected);
  });

  it('answers a payload that breaks the schema with success: false naming the field', async () => {
    const result = await proof({ ...pii, dob: 'yesterday' });
    expect(result).toMatchObject({
      success: false,
      exception: expect.stringMatching(/^ValidationError: .*dob/),
    });
  });

  it.each([
    ['a string', () => 'hello'],
    ['an array', () => [1, 2]],
    ['null', () => null],
    ['no callback_url', () => ({ applicant_pii: pii })],
    [
      'a callback_url off the allow-list',
      () => ({ ...job(), callback_url: 'https://elsewhere.example/r/1' }),
    ],
    ['a callback_url of the wrong type', () => ({ ...job(), callback_url: 42 })],
  ])('ends %s with a clear result, without crashing or calling anyone', async (_case, payload) => {
    const before = harness.receiver.requests.length;
    const invoked = await harness.cloud.invoke(FUNCTION, payload());
    expect(invoked.functionError).toBeUndefined();
    expect(invoked.payload).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(harness.receiver.requests.length).toBe(before);
  });

  it('never sees a payload that is not JSON: the Lambda API refuses it, as AWS does', async () => {
    const lambda = new LambdaClient(harness.cloud.clientConfig);
    const invoke = (payload: string) =>
      lambda.send(new InvokeCommand({ FunctionName: FUNCTION, Payload: Buffer.from(payload) }));
    await expect(invoke('{"applicant_pii": ')).rejects.toMatchObject({
      name: 'InvalidRequestContentException',
    });
    const empty = await invoke('');
    expect(empty.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(empty.Payload ?? []).toString())).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_ERROR', message: 'callback_url is required' },
    });
    lambda.destroy();
  });

  it('logs the trace id and result id but no PII and no token', async () => {
    await harness.cloud.drain();
    const logs = harness.cloud.logs(FUNCTION).join('\n');
    expect(logs).toContain('trace-1');
    expect(logs).toContain('result-1');
    const signingKey = await harness.signingKey('address');
    for (const value of [...Object.values(pii), await harness.token('address'), signingKey])
      expect(logs).not.toContain(value);
    // The signing key is its own secret and never travels: the callbacks carry the token only.
    expect(signingKey).not.toBe(await harness.token('address'));
    for (const request of harness.receiver.requests)
      expect(JSON.stringify(request)).not.toContain(signingKey);
  });
});
