import { ValidationError } from '@backend/platform';
import { startCallbackReceiver, type CallbackReceiver } from '@backend/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyCallbackSignature } from '@backend/contracts';
import { reportFailedJob } from '../../src/index.js';

let receiver: CallbackReceiver;
beforeEach(async () => {
  receiver = await startCallbackReceiver();
});
afterEach(() => receiver.close());

const deps = () => ({
  callbackToken: async (type: string) => `${type}-token`,
  callbackSigningKey: async (type: string) => `${type}-signing-key`,
  policy: { environment: 'local', allowedHosts: ['127.0.0.1'] },
  signal: AbortSignal.timeout(5_000),
  callbackOptions: { baseDelayMs: 5 },
});

/** Lambda's on-failure destination record for an async invocation whose retries were spent. */
const destinationRecord = (functionName: string, payload: object) => ({
  version: '1.0',
  timestamp: '2026-11-21T12:00:00.000Z',
  requestContext: {
    requestId: 'e1',
    functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:a1b2c3d4e5`,
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: payload,
  responseContext: { statusCode: 200, executedVersion: '7', functionError: 'Unhandled' },
  responsePayload: {
    errorType: 'CallbackDeliveryError',
    errorMessage: 'callback not delivered: HTTP 503',
    trace: [],
  },
});

describe('reportFailedJob', () => {
  it.each([
    ['address', 'sandbox-proof-address'],
    ['resolution', 'sandbox-proof-resolution'],
    ['document', 'sandbox-proof-document'],
  ])('POSTs a success: false %s result with that job type’s token', async (type, functionName) => {
    const callback_url = `${receiver.url}/api/proofing_results/${type}/r-9`;
    await reportFailedJob(
      destinationRecord(functionName, { callback_url, applicant_pii: { ssn: '900-11-2222' } }),
      deps(),
    );
    const request = await receiver.waitForRequest();
    expect(request.path).toBe(`/api/proofing_results/${type}/r-9`);
    expect(request.headers['x-api-auth-token']).toBe(`${type}-token`);
    const signature = request.headers['x-signature'] as string;
    expect(verifyCallbackSignature(signature, request, `${type}-signing-key`)).toBe(true);
    // The token travels with every callback: it must not be able to sign one.
    expect(verifyCallbackSignature(signature, request, `${type}-token`)).toBe(false);
    const result = JSON.parse(request.body)[`${type}_result`];
    expect(result).toMatchObject({
      success: false,
      exception: `JobFailedError: the ${type} job failed after its retries (CallbackDeliveryError)`,
    });
  });

  it('refuses records it cannot act on, so they rest in the DLQ', async () => {
    const callback_url = `${receiver.url}/r`;
    await expect(
      reportFailedJob(destinationRecord('sandbox-send-message', { callback_url }), deps()),
    ).rejects.toThrow(ValidationError);
    await expect(reportFailedJob({ nonsense: true }, deps())).rejects.toThrow(ValidationError);
    await expect(
      reportFailedJob(
        destinationRecord('sandbox-proof-address', { callback_url: 'https://evil.example/r' }),
        deps(),
      ),
    ).rejects.toThrow(/allow-list/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('keeps the error message out of the result: it may carry a vendor’s words', async () => {
    const record = destinationRecord('sandbox-proof-address', { callback_url: `${receiver.url}/r` });
    record.responsePayload = { errorType: 'Error<script>', errorMessage: 'Jane Doe 900-11-2222', trace: [] };
    await reportFailedJob(record, deps());
    const body = (await receiver.waitForRequest()).body;
    expect(body).not.toContain('900-11-2222');
    expect(JSON.parse(body).address_result.exception).toBe(
      'JobFailedError: the address job failed after its retries (Errorscript)',
    );
  });
});
