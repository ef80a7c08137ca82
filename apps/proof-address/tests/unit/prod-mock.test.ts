import { invokeFirstTime } from '@backend/testing';
import { describe, expect, it, vi } from 'vitest';

describe('proof-address in prod', () => {
  it('refuses ADDRESS_VENDOR=mock (its default) at start with a ConfigError naming it, before any work', async () => {
    vi.resetModules();
    const { outcome, callbacks } = await invokeFirstTime({
      environment: {
        ENVIRONMENT: 'prod',
        CALLBACK_TOKEN_PARAMETER: '/prod/idp/doc-capture/address_proof_result_token',
        CALLBACK_SIGNING_KEY_PARAMETER: '/prod/idp/doc-capture/address_proof_result_signing_key',
        CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
        IDEMPOTENCY_TABLE: 'prod-proofing-outcomes',
        RESULT_KEY_PARAMETER: '/prod/proofing/result_encryption_key',
      },
      load: () => import('../../src/handler.js'),
      event: (callback_url) => ({ applicant_pii: {}, callback_url }),
    });
    expect(outcome).toMatchObject({ name: 'ConfigError', variable: 'ADDRESS_VENDOR' });
    expect(callbacks).toBe(0);
  });
});
