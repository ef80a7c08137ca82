import { invokeFirstTime } from '@backend/testing';
import { describe, expect, it, vi } from 'vitest';

describe('proof-document in prod', () => {
  it('refuses DOCUMENT_VENDOR=mock at start with a ConfigError naming it, before any work', async () => {
    vi.resetModules();
    const { outcome, callbacks } = await invokeFirstTime({
      environment: {
        ENVIRONMENT: 'prod',
        CALLBACK_TOKEN_PARAMETER: '/prod/idp/doc-capture/document_proof_result_token',
        CALLBACK_SIGNING_KEY_PARAMETER: '/prod/idp/doc-capture/document_proof_result_signing_key',
        CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
        IDEMPOTENCY_TABLE: 'prod-proofing-outcomes',
        RESULT_KEY_PARAMETER: '/prod/proofing/result_encryption_key',
        DOCUMENT_BUCKET: 'prod-proofing-documents',
        DOCUMENT_VENDOR: 'mock',
      },
      load: () => import('../../src/handler.js'),
      event: (callback_url) => ({ encryption_key: 'AAAA', callback_url }),
    });
    expect(outcome).toMatchObject({ name: 'ConfigError', variable: 'DOCUMENT_VENDOR' });
    expect(callbacks).toBe(0);
  });
});
