import { startCallbackReceiver } from '@backend/testing';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The function as Lambda starts it: configuration from its environment, read on the first invocation.
const environment = {
  ENVIRONMENT: 'prod',
  CALLBACK_TOKEN_PARAMETER: '/prod/idp/doc-capture/resolution_proof_result_token',
  CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
  IDEMPOTENCY_TABLE: 'prod-proofing-outcomes',
  RESULT_KEY_PARAMETER: '/prod/proofing/outcome_key',
};
const context = {
  awsRequestId: 'req-1',
  functionName: 'prod-proof-resolution',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function invoke(variables: Record<string, string>) {
  for (const [name, value] of Object.entries({ ...environment, ...variables })) vi.stubEnv(name, value);
  const receiver = await startCallbackReceiver();
  const { handler } = await import('../../src/handler.js');
  const event = {
    applicant_pii: {},
    callback_url: `${receiver.url}/api/resolution/r-1`,
    should_proof_state_id: true,
  };
  const outcome = await handler(event, context).catch((error: unknown) => error);
  const requests = receiver.requests.length;
  await receiver.close();
  return { outcome, requests };
}

describe('proof-resolution in prod', () => {
  it.each([
    [
      { RESOLUTION_VENDOR: 'lexisnexis', RESOLUTION_VENDOR_SECRET: 'prod/proofing/vendors/lexisnexis' },
      'STATE_ID_VENDOR',
    ],
    [
      { STATE_ID_VENDOR: 'aamva', STATE_ID_VENDOR_SECRET: 'prod/proofing/vendors/aamva' },
      'RESOLUTION_VENDOR',
    ],
    [{ STATE_ID_VENDOR: 'mock', RESOLUTION_VENDOR: 'mock' }, 'RESOLUTION_VENDOR'],
  ])(
    'refuses a mock vendor at start (%j): a ConfigError naming %s, nothing proofed',
    async (vendors, variable) => {
      const { outcome, requests } = await invoke(vendors);
      // By name: the handler was imported afresh, with its own copy of the platform lib.
      expect(outcome).toMatchObject({ name: 'ConfigError', variable });
      expect(requests).toBe(0);
    },
  );
});
