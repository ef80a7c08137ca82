import { invokeFirstTime } from '@backend/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const prod = {
  ENVIRONMENT: 'prod',
  CALLBACK_TOKEN_PARAMETER: '/prod/idp/doc-capture/resolution_proof_result_token',
  CALLBACK_SIGNING_KEY_PARAMETER: '/prod/idp/doc-capture/resolution_proof_result_signing_key',
  CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
  IDEMPOTENCY_TABLE: 'prod-proofing-outcomes',
  RESULT_KEY_PARAMETER: '/prod/proofing/result_encryption_key',
  RESOLUTION_VENDOR: 'lexisnexis',
  RESOLUTION_VENDOR_SECRET: 'prod/proofing/vendors/lexisnexis',
  STATE_ID_VENDOR: 'aamva',
  STATE_ID_VENDOR_SECRET: 'prod/proofing/vendors/aamva',
};

beforeEach(() => {
  vi.resetModules();
});

describe('proof-resolution in prod', () => {
  it.each(['RESOLUTION_VENDOR', 'STATE_ID_VENDOR'])(
    'refuses %s=mock at start with a ConfigError naming it, before any work',
    async (variable) => {
      const { outcome, callbacks } = await invokeFirstTime({
        environment: { ...prod, [variable]: 'mock' },
        load: () => import('../../src/handler.js'),
        event: (callback_url) => ({ applicant_pii: {}, callback_url, should_proof_state_id: true }),
      });
      // By name: the handler was loaded afresh, with its own copy of the platform lib.
      expect(outcome).toMatchObject({ name: 'ConfigError', variable });
      expect(String(outcome)).toMatch(/mocks never run in prod/);
      expect(callbacks).toBe(0);
    },
  );
});
