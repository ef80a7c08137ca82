import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { addressCallbackSchema } from '@backend/contracts';
import {
  startCallbackReceiver,
  startLocalCloud,
  type CallbackReceiver,
  type TestLocalCloud,
} from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The IDP's view: invoke the job through the Lambda API, receive the result at its callback endpoint.
const FUNCTION = 'local-proof-address';
const ajv = new Ajv({ allowUnionTypes: true });
addFormats.default(ajv);
const isAddressCallback = ajv.compile(addressCallbackSchema);

const pii = {
  uuid: '8d0c7a52-31f4-4b8e-a1f6-5c2d9e4b7a30',
  first_name: 'Philomena',
  last_name: 'Ostrowski-Vance',
  dob: '1974-02-19',
  ssn: '900-73-1846',
  phone: '+1 (202) 555-0191',
};

let cloud: TestLocalCloud;
let receiver: CallbackReceiver;
let token: string;
let resultCount = 0;

beforeAll(async () => {
  [cloud, receiver] = await Promise.all([startLocalCloud(), startCallbackReceiver()]);
  const ssm = new SSMClient(cloud.clientConfig);
  const parameter = await ssm.send(
    new GetParameterCommand({
      Name: '/local/idp/doc-capture/address_proof_result_token',
      WithDecryption: true,
    }),
  );
  token = parameter.Parameter?.Value ?? '';
  ssm.destroy();
});
afterAll(async () => {
  await Promise.all([cloud?.stop(), receiver?.close()]);
});

const job = (applicant: object = pii) => ({
  applicant_pii: applicant,
  callback_url: `${receiver.url}/api/address/proofing_results/result-${++resultCount}`,
  trace_id: `trace-${resultCount}`,
});

async function proof(payload: object) {
  const invoked = await cloud.invoke(FUNCTION, payload, { invocationType: 'Event' });
  expect(invoked.statusCode).toBe(202);
  const request = await receiver.waitForRequest(15_000);
  expect(request.path).toBe(new URL((payload as { callback_url: string }).callback_url).pathname);
  expect(request.headers['x-api-auth-token']).toBe(token);
  const body = JSON.parse(request.body);
  expect(isAddressCallback(body), JSON.stringify(isAddressCallback.errors)).toBe(true);
  return body.address_result;
}

describe('proof-address through the local cloud', () => {
  it('calls back with a passing result and the SSM token', async () => {
    expect(token).toMatch(/.{16,}/);
    await expect(proof(job())).resolves.toMatchObject({
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
    await expect(proof(job({ ...pii, phone }))).resolves.toMatchObject(expected);
  });

  it('answers a payload that breaks the schema with success: false naming the field', async () => {
    const result = await proof(job({ ...pii, dob: 'yesterday' }));
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
    const before = receiver.requests.length;
    const invoked = await cloud.invoke(FUNCTION, payload());
    expect(invoked.functionError).toBeUndefined();
    expect(invoked.payload).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(receiver.requests.length).toBe(before);
  });

  it('never sees a payload that is not JSON: the Lambda API refuses it, as AWS does', async () => {
    const lambda = new LambdaClient(cloud.clientConfig);
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
    await cloud.drain();
    const logs = cloud.logs(FUNCTION).join('\n');
    expect(logs).toContain('trace-1');
    expect(logs).toContain('result-1');
    for (const value of [...Object.values(pii), token]) expect(logs).not.toContain(value);
  });
});
