import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { aesGcmEncrypt, generateAesKey, generateGcmIv } from '@backend/crypto';
import { startProofingHarness, type ProofingHarness } from '@backend/testing';
import { proofingService } from '@backend/proofing';
import { MOCK_DOCUMENT_PII } from '@backend/vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The IDP's view of document proofing: the browser's encrypted uploads in the document bucket, an async
// invoke, the result at the callback; with the IDP-compatible document mock.
const FUNCTION = 'local-proof-document';
const BUCKET = 'local-proofing-documents';

let harness: ProofingHarness;
let s3: S3Client;
beforeAll(async () => {
  // An IDP that redirects results whose path says so (a misrouted callback URL, a moved endpoint).
  harness = await startProofingHarness({
    services: [proofingService],
    receiver: { status: (request) => (request.path.includes('/moved/') ? 302 : 200) },
  });
  s3 = new S3Client({ ...harness.cloud.clientConfig, forcePathStyle: true });
});
afterAll(async () => {
  s3?.destroy();
  await harness?.stop();
});

let uploads = 0;
const keys: string[] = [];

/** What the browser does: one key per page, a fresh IV per image, `ciphertext || tag` PUT to the bucket. */
async function upload(images: Record<string, string | Buffer>) {
  const key = generateAesKey();
  keys.push(key.toString('base64'));
  const payload: Record<string, unknown> = {
    encryption_key: key.toString('base64'),
    liveness_checking_enabled: 'selfie' in images,
    selfie_image_iv: null,
    selfie_image_url: null,
    trace_id: 'trace-d',
  };
  for (const [side, content] of Object.entries(images)) {
    const iv = generateGcmIv();
    const objectKey = `capture/${++uploads}/${side}`;
    const body = aesGcmEncrypt({ key, iv, plaintext: Buffer.from(content) });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: objectKey, Body: body }));
    payload[`${side}_image_iv`] = iv.toString('base64');
    payload[`${side}_image_url`] = `${harness.cloud.endpoint}/${BUCKET}/${objectKey}`;
  }
  return payload;
}

const stillThere = (url: unknown) =>
  s3
    .send(
      new HeadObjectCommand({
        Bucket: BUCKET,
        Key: new URL(String(url)).pathname.split('/').slice(2).join('/'),
      }),
    )
    .then(() => true)
    .catch(() => false);

// Photo-like bytes: the mock passes them with its default document.
const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 0x42)]);

describe('proof-document through the local cloud', () => {
  it('decrypts the images, passes them and deletes them once delivered', async () => {
    const payload = await upload({ front: photo, back: photo });
    const result = await harness.proof('document', payload);
    expect(result).toMatchObject({ success: true, exception: null, billed: true });
    expect(result.pii_from_doc).toMatchObject({ first_name: expect.any(String), dob: expect.any(String) });
    await harness.cloud.drain();
    expect(await stillThere(payload.front_image_url)).toBe(false);
    expect(await stillThere(payload.back_image_url)).toBe(false);
  });

  it('reads the IDP’s YAML test credentials uploaded as an image', async () => {
    const failing = 'failed_alerts:\n  - name: Document Expired\n    result: Failed\n';
    const result = await harness.proof('document', await upload({ front: photo, back: failing }));
    expect(result).toMatchObject({ success: false, alert_failure_count: 1 });
  });

  it('names the image that does not decrypt', async () => {
    const payload = await upload({ front: photo, back: photo });
    const result = await harness.proof('document', {
      ...payload,
      front_image_iv: generateGcmIv().toString('base64'),
    });
    expect(result).toMatchObject({
      success: false,
      exception: 'DocumentImageError: front image could not be decrypted',
    });
  });

  it('refuses an image URL outside the document bucket without reading it', async () => {
    const payload = await upload({ front: photo, back: photo });
    const result = await harness.proof('document', {
      ...payload,
      back_image_url: 'https://example.com/back.jpg',
    });
    expect(result).toMatchObject({
      success: false,
      exception: expect.stringMatching(/back_image_url is not an S3 URL/),
    });
  });

  it('ends a 5-byte image as success: false naming the side, in one invocation, never a retry', async () => {
    const payload = await upload({ front: photo, back: photo });
    const backKey = new URL(String(payload.back_image_url)).pathname.split('/').slice(2).join('/');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: backKey, Body: Buffer.from('abcde') }));
    const result = await harness.proof('document', payload);
    expect(result).toMatchObject({
      success: false,
      exception: 'DocumentImageError: back image could not be decrypted',
    });
    await harness.cloud.drain();
    expect(harness.cloud.logs(FUNCTION).join('\n')).not.toContain('Lambda will retry');
    // The front decrypted under the payload's key and is deleted; the 5 bytes prove nothing and stay.
    expect(await stillThere(payload.front_image_url)).toBe(false);
    expect(await stillThere(payload.back_image_url)).toBe(true);
  });

  it('logs no key and no document PII', async () => {
    await harness.cloud.drain();
    const logs = harness.cloud.logs(FUNCTION).join('\n');
    expect(logs).toContain('trace-d');
    for (const key of keys) expect(logs).not.toContain(key);
    expect(logs).not.toContain(await harness.token('document'));
    // The PII the mock read off the photos above travels in the callback only.
    const { first_name, last_name, address1, state_id_number } = MOCK_DOCUMENT_PII;
    for (const value of [first_name, last_name, address1, state_id_number]) expect(logs).not.toContain(value);
  });

  it('keeps the images when the IDP answers 302: a redirect is a failed delivery, left to the failure path', async () => {
    const payload = await upload({ front: photo, back: photo });
    const callback_url = `${harness.receiver.url}/api/proofing_results/document/moved/result-302`;
    const invoked = await harness.cloud.invoke(
      FUNCTION,
      { ...payload, callback_url },
      { invocationType: 'Event' },
    );
    expect(invoked.statusCode).toBe(202);
    await harness.cloud.drain();
    const lines = harness.cloud.logs(FUNCTION).filter((line) => line.includes('"result_id":"result-302"'));
    // Lambda's two retries found the stored outcome: the vendor was called once, the callback tried each time.
    expect(lines.filter((line) => line.includes('"message":"Job failed; Lambda will retry"'))).toHaveLength(
      3,
    );
    expect(lines.filter((line) => line.includes('"message":"vendor answered"'))).toHaveLength(1);
    expect(lines.some((line) => line.includes('job result delivered'))).toBe(false);
    expect(await stillThere(payload.front_image_url)).toBe(true);
    expect(await stillThere(payload.back_image_url)).toBe(true);
  });
});
