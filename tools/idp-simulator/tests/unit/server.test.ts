import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobInvocationError } from '../../src/index.js';
import { TOKENS, addressResult, startTestServer, type TestServer } from '../support/fakes.js';

const APPLICANT = {
  uuid: '6a1c6c2b-4bd1-4a5b-9d0e-0c7e4e0b1f00',
  first_name: 'Fakey',
  last_name: 'McFakerson',
  dob: '1938-10-06',
  ssn: '900-12-3456',
  phone: '202-555-1212',
};

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer();
});
afterEach(async () => {
  await t.server.close();
});

async function startAddressJob(): Promise<{ result_id: string; status_url: string; trace_id: string }> {
  const response = await t.post('/api/jobs/address', { applicant_pii: APPLICANT });
  expect(response.status).toBe(202);
  return (await response.json()) as { result_id: string; status_url: string; trace_id: string };
}

async function errorOf(response: Response): Promise<{ status: number; code: string; field?: string }> {
  const body = (await response.json()) as { error: { code: string; field?: string } };
  return {
    status: response.status,
    code: body.error.code,
    ...(body.error.field ? { field: body.error.field } : {}),
  };
}

describe('jobs', () => {
  it('invokes proof-address with the applicant, a callback URL of a new result id and a trace id', async () => {
    const job = await startAddressJob();
    expect(t.invoker.last.functionName).toBe('test-proof-address');
    expect(t.invoker.last.payload).toEqual({
      applicant_pii: APPLICANT,
      callback_url: `${t.server.url}/api/proofing_results/address/${job.result_id}`,
      trace_id: job.trace_id,
    });
    expect(job.status_url).toBe(`/api/jobs/address/${job.result_id}`);
    const poll = await t.get(job.status_url);
    expect(await poll.json()).toEqual({ status: 'pending', remaining_ms: 2_000 });
  });

  it('passes should_proof_state_id, dob_year_only and a given trace id to proof-resolution', async () => {
    const response = await t.post('/api/jobs/resolution', {
      applicant_pii: { ...APPLICANT, address1: '1 FAKE RD' },
      should_proof_state_id: true,
      dob_year_only: false,
      trace_id: 'trace-123',
    });
    expect(response.status).toBe(202);
    const { result_id } = (await response.json()) as { result_id: string };
    expect(t.invoker.last).toEqual({
      functionName: 'test-proof-resolution',
      payload: {
        applicant_pii: { ...APPLICANT, address1: '1 FAKE RD' },
        should_proof_state_id: true,
        dob_year_only: false,
        callback_url: `${t.server.url}/api/proofing_results/resolution/${result_id}`,
        trace_id: 'trace-123',
      },
    });
  });

  it('answers 502 when the Lambda API refuses the job, and forgets its result id', async () => {
    t.invoker.failWith = new JobInvocationError(
      'test-proof-address',
      'test-proof-address could not be invoked: ResourceNotFoundException',
    );
    const response = await t.post('/api/jobs/address', { applicant_pii: APPLICANT });
    expect(await errorOf(response)).toEqual({ status: 502, code: 'INVOKE_FAILED' });
    expect(t.entries.size).toBe(0);
  });

  it('rejects bad job requests with a 4xx naming the problem, never a 500', async () => {
    expect(await errorOf(await t.post('/api/jobs/address', '{"applicant_pii": '))).toEqual({
      status: 400,
      code: 'MALFORMED_JSON',
    });
    expect(await errorOf(await t.post('/api/jobs/address', {}))).toEqual({
      status: 400,
      code: 'VALIDATION_ERROR',
      field: 'applicant_pii',
    });
    expect(await errorOf(await t.post('/api/jobs/resolution', { applicant_pii: {} }))).toEqual({
      status: 400,
      code: 'VALIDATION_ERROR',
      field: 'should_proof_state_id',
    });
    expect(
      await errorOf(
        await t.post('/api/jobs/address', { applicant_pii: APPLICANT }, { 'content-type': 'text/plain' }),
      ),
    ).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(
      await errorOf(await t.post('/api/jobs/address', { applicant_pii: { big: 'x'.repeat(70_000) } })),
    ).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(await errorOf(await t.get('/api/jobs/address'))).toEqual({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
    });
    expect(t.invoker.calls).toHaveLength(0);
  });

  it('answers any JSON body on every POST route with 2xx or a 4xx error object (300 cases)', async () => {
    const routes = [
      '/api/jobs/address',
      '/api/jobs/resolution',
      '/api/jobs/document',
      '/api/document-uploads',
      '/api/proofing_results/address/x',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue({ maxDepth: 3 }), async (route, body) => {
        const response = await t.post(route, body, { 'x-api-auth-token': TOKENS.address });
        const json = (await response.json()) as { error?: { code: unknown; message: unknown } };
        if (response.status >= 300) {
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(typeof json.error?.code).toBe('string');
          expect(typeof json.error?.message).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the callback endpoint', () => {
  it('stores an authenticated result for the waiting page', async () => {
    const job = await startAddressJob();
    const response = await t.callback('address', job.result_id, addressResult());
    expect(response.status).toBe(200);
    const poll = await t.get(job.status_url);
    expect(await poll.json()).toEqual({ status: 'received', result: addressResult() });
  });

  it('answers 401 to a missing or wrong token, with the token compared in full', async () => {
    const job = await startAddressJob();
    const path = `/api/proofing_results/address/${job.result_id}`;
    expect(await errorOf(await t.post(path, addressResult()))).toEqual({
      status: 401,
      code: 'INVALID_TOKEN',
    });
    expect(
      await errorOf(await t.callback('address', job.result_id, addressResult(), { token: 'wrong' })),
    ).toEqual({
      status: 401,
      code: 'INVALID_TOKEN',
    });
    // A prefix of the right token, and another job type's token, are wrong too.
    expect(
      (await t.callback('address', job.result_id, addressResult(), { token: TOKENS.address.slice(0, -1) }))
        .status,
    ).toBe(401);
    expect(
      (await t.callback('address', job.result_id, addressResult(), { token: TOKENS.document })).status,
    ).toBe(401);
    expect(await (await t.get(job.status_url)).json()).toMatchObject({ status: 'pending' });
  });

  it('answers 401 to a body that does not match its X-Signature', async () => {
    const job = await startAddressJob();
    const response = await t.callback('address', job.result_id, addressResult(), {
      signWith: 'another secret',
    });
    expect(await errorOf(response)).toEqual({ status: 401, code: 'INVALID_SIGNATURE' });
  });

  it('answers 401 to a signature forged with the token alone, and to one from the future', async () => {
    const job = await startAddressJob();
    // The token travels in X-API-AUTH-TOKEN: whoever saw one callback has it, so it must not sign another.
    const forged = await t.callback('address', job.result_id, addressResult(false), {
      signWith: TOKENS.address,
    });
    expect(await errorOf(forged)).toEqual({ status: 401, code: 'INVALID_SIGNATURE' });
    const future = await t.callback('address', job.result_id, addressResult(false), {
      signedAt: Date.now() + 10 * 60_000,
    });
    expect(await errorOf(future)).toEqual({ status: 401, code: 'INVALID_SIGNATURE' });
    expect(await (await t.get(job.status_url)).json()).toMatchObject({ status: 'pending' });
    // Signed with the signing key, now: accepted.
    expect((await t.callback('address', job.result_id, addressResult())).status).toBe(200);
  });

  it('answers 404 to an unknown id, an id of another job type, and a result after the window', async () => {
    const job = await startAddressJob();
    expect(
      await errorOf(await t.callback('address', '0f0f0f0f-0000-4000-8000-000000000000', addressResult())),
    ).toEqual({
      status: 404,
      code: 'RESULT_NOT_FOUND',
    });
    expect(
      (
        await t.callback('document', job.result_id, {
          document_result: { success: true, errors: {}, exception: null },
        })
      ).status,
    ).toBe(404);
    t.clock.now += 2_000;
    expect(await errorOf(await t.callback('address', job.result_id, addressResult()))).toEqual({
      status: 404,
      code: 'RESULT_EXPIRED',
    });
    expect(await (await t.get(job.status_url)).json()).toEqual({ status: 'timed_out' });
    t.clock.now += 10_000;
    expect(await errorOf(await t.get(job.status_url))).toEqual({ status: 404, code: 'RESULT_NOT_FOUND' });
  });

  it('keeps a received result for the retention period, then forgets it', async () => {
    const job = await startAddressJob();
    t.clock.now += 1_500;
    expect((await t.callback('address', job.result_id, addressResult(false))).status).toBe(200);
    // Delivered within the window, the result outlives the waiting window.
    t.clock.now += 9_999;
    expect(await (await t.get(job.status_url)).json()).toMatchObject({ status: 'received' });
    t.clock.now += 1;
    expect((await t.get(job.status_url)).status).toBe(404);
  });

  it('answers 400 to a body that breaks the callback contract, naming the field', async () => {
    const job = await startAddressJob();
    const body = addressResult();
    const { transaction_id: _, ...withoutTransaction } = body.address_result;
    expect(
      await errorOf(await t.callback('address', job.result_id, { address_result: withoutTransaction })),
    ).toEqual({
      status: 400,
      code: 'VALIDATION_ERROR',
      field: 'address_result.transaction_id',
    });
  });

  it('answers 503 while the token cannot be read, so the job retries', async () => {
    const job = await startAddressJob();
    t.tokens.down = true;
    expect(await errorOf(await t.callback('address', job.result_id, addressResult()))).toEqual({
      status: 503,
      code: 'TOKEN_UNAVAILABLE',
    });
  });

  it('logs method, path and status only: no PII, token or result', async () => {
    const job = await startAddressJob();
    await t.callback('address', job.result_id, addressResult(false));
    await t.get(job.status_url);
    const logs = t.logs.join('\n');
    expect(logs).toContain(`POST /api/proofing_results/address/${job.result_id} 200`);
    for (const secret of [...Object.values(APPLICANT), TOKENS.address, 'could not be verified']) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('document capture', () => {
  async function createUpload(selfie: boolean) {
    const response = await t.post('/api/document-uploads', { selfie });
    expect(response.status).toBe(201);
    return (await response.json()) as { upload_id: string; upload_urls: Record<string, string> };
  }

  const KEY = Buffer.alloc(32, 1).toString('base64');
  const IV = Buffer.alloc(12, 2).toString('base64');

  it('issues pre-signed URLs and invokes proof-document with the plain object URLs, key and IVs', async () => {
    const upload = await createUpload(true);
    expect(Object.keys(upload.upload_urls).sort()).toEqual(['back', 'front', 'selfie']);
    expect(upload.upload_urls.front).toMatch(/X-Amz-Signature=/);
    const response = await t.post('/api/jobs/document', {
      upload_id: upload.upload_id,
      encryption_key: KEY,
      front_image_iv: IV,
      back_image_iv: IV,
      selfie_image_iv: IV,
      liveness_checking_enabled: true,
    });
    expect(response.status).toBe(202);
    const { result_id, trace_id } = (await response.json()) as { result_id: string; trace_id: string };
    const base = `http://127.0.0.1:4566/test-proofing-documents/${upload.upload_id}`;
    expect(t.invoker.last).toEqual({
      functionName: 'test-proof-document',
      payload: {
        encryption_key: KEY,
        front_image_iv: IV,
        back_image_iv: IV,
        selfie_image_iv: IV,
        front_image_url: `${base}/front`,
        back_image_url: `${base}/back`,
        selfie_image_url: `${base}/selfie`,
        liveness_checking_enabled: true,
        callback_url: `${t.server.url}/api/proofing_results/document/${result_id}`,
        trace_id,
      },
    });
  });

  it('sends null selfie fields without a selfie, and uses an upload only once', async () => {
    const upload = await createUpload(false);
    const request = {
      upload_id: upload.upload_id,
      encryption_key: KEY,
      front_image_iv: IV,
      back_image_iv: IV,
      liveness_checking_enabled: false,
    };
    expect((await t.post('/api/jobs/document', request)).status).toBe(202);
    expect(t.invoker.last.payload).toMatchObject({ selfie_image_iv: null, selfie_image_url: null });
    expect(await errorOf(await t.post('/api/jobs/document', request))).toEqual({
      status: 404,
      code: 'UPLOAD_NOT_FOUND',
      field: 'upload_id',
    });
  });

  it('rejects a selfie IV for an upload without a selfie, and an expired upload', async () => {
    const upload = await createUpload(false);
    const request = {
      upload_id: upload.upload_id,
      encryption_key: KEY,
      front_image_iv: IV,
      back_image_iv: IV,
      liveness_checking_enabled: true,
    };
    expect(await errorOf(await t.post('/api/jobs/document', { ...request, selfie_image_iv: IV }))).toEqual({
      status: 400,
      code: 'VALIDATION_ERROR',
      field: 'selfie_image_iv',
    });
    t.clock.now += 300_000;
    expect((await t.post('/api/jobs/document', request)).status).toBe(404);
    expect(t.invoker.calls).toHaveLength(0);
  });
});

describe('pages', () => {
  it('serves the pages with a Content-Security-Policy that lets the browser upload to S3 only', async () => {
    for (const path of [
      '/',
      '/address',
      '/resolution',
      '/document',
      '/assets/job-page.js',
      '/assets/style.css',
    ]) {
      const response = await t.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain(
        "connect-src 'self' http://127.0.0.1:4566",
      );
    }
    expect((await t.get('/assets/document.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
  });

  it('serves no other file', async () => {
    for (const path of ['/assets/../package.json', '/assets/%2e%2e%2fproject.json', '/assets/', '/nope']) {
      expect((await t.get(path)).status, path).toBe(404);
    }
  });
});
