import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { addressCallbackSchema } from '@backend/contracts';
import { ValidationError } from '@backend/platform';
import { MockAddressVendor, type AddressVendor } from '@backend/vendors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CallbackDeliveryError,
  addressJob,
  jobDeadlines,
  requireKeyMaterial,
  runJob,
  type JobRuntime,
} from '../../src/index.js';
import { startCallbackReceiver, type CallbackReceiver } from '@backend/testing';

const ajv = new Ajv({ allowUnionTypes: true });
addFormats.default(ajv);
const isAddressCallback = ajv.compile(addressCallbackSchema);

const pii = {
  uuid: '3f1c4a9e-0d6b-4c1e-9a57-2f0c9b7d1e11',
  first_name: 'Zanzibar',
  last_name: 'Quixotic-Applicant',
  dob: '1961-07-23',
  ssn: '900-41-7788',
  phone: '+1 202-555-0147',
};

let receiver: CallbackReceiver;
let logs: string;
beforeEach(async () => {
  receiver = await startCallbackReceiver();
  logs = '';
  const capture = (chunk: string | Uint8Array) => {
    logs += chunk.toString();
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await receiver.close();
});

interface Deps extends JobRuntime {
  vendor: AddressVendor;
}
const deps = (overrides: Partial<Deps> = {}): Deps => ({
  vendor: new MockAddressVendor(),
  callbackToken: async () => 'address-token',
  callbackSigningKey: async () => 'address-signing-key',
  policy: { environment: 'local', allowedHosts: ['127.0.0.1'] },
  deadlines: jobDeadlines({ budgetMs: 10_000, remainingMs: 30_000 }),
  callbackOptions: { baseDelayMs: 5 },
  ...overrides,
});
const event = (phone = pii.phone) => ({
  applicant_pii: { ...pii, phone },
  callback_url: new URL('/api/address/proofing_results/result-42', receiver.url).href,
  trace_id: 'trace-7',
});
const delivered = () => {
  expect(receiver.requests).toHaveLength(1);
  const body = JSON.parse(receiver.requests[0]?.body ?? '');
  expect(isAddressCallback(body), JSON.stringify(isAddressCallback.errors)).toBe(true);
  return body.address_result;
};

const runAddress = (event: unknown, { vendor, ...runtime }: Deps) =>
  runJob(addressJob(vendor), event, runtime);

describe('address job', () => {
  it('delivers a passing result with the job token', async () => {
    const summary = await runAddress(event(), deps());
    expect(summary).toEqual({
      result_id: 'result-42',
      success: true,
      timed_out: false,
      callback_status: 200,
    });
    expect(receiver.requests[0]?.headers['x-api-auth-token']).toBe('address-token');
    expect(delivered()).toEqual({
      success: true,
      errors: {},
      messages: [],
      exception: null,
      timed_out: false,
      transaction_id: 'address-mock-transaction-id-123',
      context: { stages: [{ address: 'AddressMock' }] },
    });
  });

  it('delivers a failed verification', async () => {
    await runAddress(event('7035555555'), deps());
    expect(delivered()).toMatchObject({
      success: false,
      errors: { phone: [expect.any(String)] },
      exception: null,
    });
  });

  it('reports a vendor failure as a short exception', async () => {
    await runAddress(event('7035555999'), deps());
    expect(delivered()).toMatchObject({
      success: false,
      timed_out: false,
      exception: 'VendorError: Failed to contact proofing vendor',
    });
  });

  it('reports a vendor timeout', async () => {
    await runAddress(event('7035555888'), deps());
    expect(delivered()).toMatchObject({ success: false, timed_out: true });
  });

  it('stops waiting for a vendor that hangs at the vendor deadline and still calls back', async () => {
    const hanging: AddressVendor = { name: 'Hanging', proof: () => new Promise(() => undefined) };
    const deadlines = jobDeadlines({ budgetMs: 400, remainingMs: 30_000, callbackReserveMs: 200 });
    await runAddress(event(), deps({ vendor: hanging, deadlines }));
    expect(delivered()).toMatchObject({
      success: false,
      timed_out: true,
      exception: 'VendorTimeoutError: Hanging did not answer in time',
    });
  });

  it('answers malformed input with a success: false result naming the field', async () => {
    await runAddress({ ...event(), applicant_pii: { ...pii, ssn: 'not-an-ssn' } }, deps());
    const result = delivered();
    expect(result.success).toBe(false);
    expect(result.exception).toMatch(/^ValidationError: .*ssn/);
    expect(result.exception).not.toContain('not-an-ssn');
  });

  it('refuses to call back anywhere off the allow-list, without a request', async () => {
    const offList = { ...event(), callback_url: 'https://attacker.example/steal' };
    await expect(runAddress(offList, deps())).rejects.toBeInstanceOf(ValidationError);
    const insecure = { ...event(), callback_url: new URL('/r', receiver.url).href };
    const prod = deps({ policy: { environment: 'prod', allowedHosts: ['127.0.0.1'] } });
    await expect(runAddress(insecure, prod)).rejects.toThrow(/https/);
    await expect(runAddress({ applicant_pii: pii }, deps())).rejects.toBeInstanceOf(ValidationError);
    expect(receiver.requests).toHaveLength(0);
  });

  it('ends without a retry when the IDP refuses the result (401, 404)', async () => {
    await receiver.close();
    receiver = await startCallbackReceiver({ status: 404 });
    const summary = await runAddress(event(), deps());
    expect(summary).toMatchObject({ result_id: 'result-42', callback_status: 404 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails the invocation on a 3xx answer, so Lambda retries and the failure path reports it', async () => {
    await receiver.close();
    receiver = await startCallbackReceiver({
      respond: (_req, res) => res.writeHead(302, { location: 'https://elsewhere.example/' }).end(),
    });
    const afterDelivery = vi.fn(async () => undefined);
    const job = { ...addressJob(new MockAddressVendor()), afterDelivery };
    const { vendor: _vendor, ...runtime } = deps();
    await expect(runJob(job, event(), runtime)).rejects.toBeInstanceOf(CallbackDeliveryError);
    // Nothing the failure path needs (the document images) is cleaned up after a delivery that failed.
    expect(afterDelivery).not.toHaveBeenCalled();
  });

  it('reads the callback secrets before the vendor: a signing key it cannot use fails the job with no vendor call', async () => {
    const vendor = new MockAddressVendor();
    const proof = vi.spyOn(vendor, 'proof');
    const runtime = deps({
      vendor,
      callbackSigningKey: async () =>
        requireKeyMaterial('PLACEHOLDER-set-with-tools-secrets', 'CALLBACK_SIGNING_KEY_PARAMETER'),
    });
    await expect(runAddress(event(), runtime)).rejects.toThrow(
      /CALLBACK_SIGNING_KEY_PARAMETER names a placeholder/,
    );
    expect(proof).not.toHaveBeenCalled();
    expect(receiver.requests).toHaveLength(0);
  });

  it('never writes the applicant PII to the logs', async () => {
    for (const phone of [pii.phone, '7035555555', '7035555999', '7035555888'])
      await runAddress(event(phone), deps());
    await runAddress({ ...event(), applicant_pii: { ...pii, dob: 'bad' } }, deps());
    expect(logs).toContain('result-42');
    for (const value of Object.values(pii)) expect(logs).not.toContain(value);
    expect(logs).not.toContain('address-token');
  });
});
