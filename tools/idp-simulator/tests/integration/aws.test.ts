import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { proofingService } from '@backend/proofing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_TYPES, callbackSigningKeyParameterName, callbackTokenParameterName } from '@backend/contracts';
import { JobInvocationError, startIdpSimulator, type IdpSimulator } from '../../src/index.js';

// The simulator's SDK-backed parts against the local cloud's real wire protocols, and one job end to end
// without a browser.
let cloud: TestLocalCloud;
let simulator: IdpSimulator;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [proofingService] });
  simulator = await startIdpSimulator({ aws: cloud.clientConfig });
});

afterAll(async () => {
  await simulator?.close();
  // Jobs finish their work (outcome records, image clean-up) before the emulators go.
  await cloud?.drain();
  await cloud?.stop();
});

const post = (path: string, body: unknown) =>
  fetch(`${simulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function waitForResult(statusUrl: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = (await (await fetch(`${simulator.url}${statusUrl}`)).json()) as {
      status: string;
      result?: Record<string, unknown>;
    };
    if (state.status === 'received') return state.result!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no result at ${statusUrl} within ${timeoutMs} ms`);
}

describe('against the local cloud', () => {
  it('reads the token and signing key parameters the local cloud declares', async () => {
    const ssm = new SSMClient(cloud.clientConfig);
    for (const kind of JOB_TYPES) {
      for (const name of [
        callbackTokenParameterName('local', kind),
        callbackSigningKeyParameterName('local', kind),
      ]) {
        const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        expect(Parameter?.Value, name).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    ssm.destroy();
  });

  it('runs proof-address: Event invocation, authenticated callback, result shown to the waiting page', async () => {
    const response = await post('/api/jobs/address', {
      applicant_pii: {
        uuid: 'e2e-applicant-1',
        first_name: 'Fakey',
        last_name: 'McFakerson',
        dob: '1938-10-06',
        ssn: '900-12-3456',
        phone: '703-555-5555',
      },
      trace_id: 'integration-trace-1',
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as { status_url: string };
    const result = await waitForResult(job.status_url);
    expect(result).toMatchObject({
      address_result: { success: false, errors: { phone: [expect.any(String)] }, exception: null },
    });
  });

  it('issues upload URLs that S3 accepts from a plain HTTP PUT, with no checksum signed in', async () => {
    const upload = (await (await post('/api/document-uploads', { selfie: false })).json()) as {
      upload_id: string;
      upload_urls: Record<string, string>;
    };
    const url = new URL(upload.upload_urls.front!);
    expect(url.searchParams.has('x-amz-checksum-crc32')).toBe(false);
    const bytes = Buffer.from('ciphertext and tag');
    expect((await fetch(url, { method: 'PUT', body: bytes })).status).toBe(200);
    const s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
    const object = await s3.send(
      new GetObjectCommand({ Bucket: 'local-proofing-documents', Key: `${upload.upload_id}/front` }),
    );
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    s3.destroy();
  });

  it('answers 502 when the function does not exist', async () => {
    const other = await startIdpSimulator({ aws: cloud.clientConfig, environment: 'nowhere' });
    try {
      const response = await fetch(`${other.url}/api/jobs/address`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ applicant_pii: {} }),
      });
      expect(response.status).toBe(502);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INVOKE_FAILED');
      expect(body.error.message).toBe(
        'nowhere-proof-address could not be invoked: ResourceNotFoundException',
      );
    } finally {
      await other.close();
    }
  });
});

it('JobInvocationError names the function', () => {
  expect(new JobInvocationError('f', 'm').functionName).toBe('f');
});
