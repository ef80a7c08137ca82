import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { aesGcmEncrypt, generateAesKey, generateGcmIv } from '@backend/crypto';
import {
  startCallbackReceiver,
  startLocalCloud,
  type CallbackReceiver,
  type TestLocalCloud,
} from '@backend/testing';
import type { DocumentImages, DocumentVendor, DocumentVerdict } from '@backend/vendors';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutcomeStore, documentJob, jobDeadlines, runJob, type OutcomeStore } from '../../src/index.js';

// The document job against real S3 and DynamoDB wire protocols (the local cloud), with a vendor double that
// records what it was shown, so the test can prove what was decrypted.
const BUCKET = 'test-proofing-documents';
const OTHER_BUCKET = 'test-somewhere-else';
const TABLE = 'test-proofing-outcomes';

const verdict: DocumentVerdict = {
  success: true,
  errors: {},
  billed: true,
  result: 'Passed',
  alert_failure_count: 0,
  face_match_results: null,
  image_metrics: {},
  processed_alerts: { failed: [], passed: [] },
  raw_alerts: [],
  raw_regions: [],
  selfie_liveness_results: null,
  pii_from_doc: {
    first_name: 'Marisol',
    middle_name: null,
    last_name: 'Quenneville',
    address1: '77 Birch Court',
    address2: null,
    city: 'Dover',
    state: 'DE',
    zipcode: '19901',
    dob: '1979-12-02',
    state_id_number: 'D9988776',
    state_id_jurisdiction: 'DE',
    state_id_type: 'drivers_license',
    phone: null,
  },
  transaction_id: 'doc-tx-1',
};

let cloud: TestLocalCloud;
let receiver: CallbackReceiver;
let s3: S3Client;
let seen: Record<string, string>[];
const vendor: DocumentVendor = {
  name: 'DocumentDouble',
  proof: vi.fn(async (images: DocumentImages) => {
    seen.push(Object.fromEntries(Object.entries(images).map(([side, bytes]) => [side, bytes.toString()])));
    return verdict;
  }),
};

beforeAll(async () => {
  cloud = await startLocalCloud({
    services: [
      {
        service: 'document-job-test',
        buckets: [{ name: BUCKET }, { name: OTHER_BUCKET }],
        tables: [{ name: TABLE, partitionKey: { name: 'id', type: 'S' }, ttlAttribute: 'expiration' }],
      },
    ],
  });
  receiver = await startCallbackReceiver();
  s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
});
afterAll(async () => {
  s3?.destroy();
  await Promise.all([cloud?.stop(), receiver?.close()]);
});
beforeEach(() => {
  seen = [];
  vi.mocked(vendor.proof).mockClear();
});

const endpointHost = () => new URL(cloud.endpoint).host;
let counter = 0;

/** Encrypts and uploads images as the browser does; returns the job payload. */
async function upload(images: Record<string, string>, options: { bucket?: string; liveness?: boolean } = {}) {
  const key = generateAesKey();
  const payload: Record<string, unknown> = {
    encryption_key: key.toString('base64'),
    liveness_checking_enabled: options.liveness ?? false,
    selfie_image_iv: null,
    selfie_image_url: null,
    callback_url: `${receiver.url}/api/proofing_results/document/doc-${++counter}`,
  };
  for (const [side, content] of Object.entries(images)) {
    const iv = generateGcmIv();
    const objectKey = `uploads/${counter}/${side}.bin`;
    const body = aesGcmEncrypt({ key, iv, plaintext: Buffer.from(content) });
    await s3.send(new PutObjectCommand({ Bucket: options.bucket ?? BUCKET, Key: objectKey, Body: body }));
    payload[`${side}_image_iv`] = iv.toString('base64');
    payload[`${side}_image_url`] = `${cloud.endpoint}/${options.bucket ?? BUCKET}/${objectKey}`;
  }
  return payload;
}

const job = () =>
  documentJob({
    vendor,
    s3,
    bucket: { bucket: BUCKET, region: 'us-east-1', localEndpointHosts: [endpointHost()] },
  });

async function run(payload: object, outcomes?: OutcomeStore) {
  await runJob(job(), payload, {
    callbackToken: async () => 'document-token',
    callbackSigningKey: async () => 'document-signing-key',
    policy: { environment: 'local', allowedHosts: ['127.0.0.1'] },
    deadlines: jobDeadlines({ budgetMs: 10_000, remainingMs: 30_000 }),
    callbackOptions: { baseDelayMs: 5 },
    ...(outcomes ? { outcomes } : {}),
  });
  return JSON.parse((await receiver.waitForRequest()).body).document_result;
}

/** The outcome store of the jobs, over the local cloud's DynamoDB. */
function outcomeStore() {
  const dynamo = new DynamoDBClient(cloud.clientConfig);
  const outcomes = createOutcomeStore({
    jobType: 'document',
    tableName: TABLE,
    encryptionKey: async () => Buffer.alloc(32, 7),
    dynamoClient: dynamo,
  });
  return { dynamo, outcomes };
}

const exists = (url: string) =>
  s3
    .send(new HeadObjectCommand({ Bucket: BUCKET, Key: new URL(url).pathname.split('/').slice(2).join('/') }))
    .then(() => true)
    .catch(() => false);

describe('document job', () => {
  it('decrypts the images, reports the vendor verdict and deletes the images once delivered', async () => {
    const payload = await upload({ front: 'FRONT-BYTES', back: 'BACK-BYTES' });
    const { transaction_id: _tx, ...expected } = verdict;
    expect(await run(payload)).toEqual({ ...expected, exception: null });
    expect(seen).toEqual([{ front: 'FRONT-BYTES', back: 'BACK-BYTES' }]);
    expect(await exists(payload.front_image_url as string)).toBe(false);
    expect(await exists(payload.back_image_url as string)).toBe(false);
  });

  it('deletes the images also when the IDP refuses the result for good', async () => {
    const payload = await upload({ front: 'F', back: 'B' });
    const refusing = await startCallbackReceiver({ status: 404 });
    await runJob(
      job(),
      { ...payload, callback_url: `${refusing.url}/api/proofing_results/document/gone` },
      {
        callbackToken: async () => 'document-token',
        callbackSigningKey: async () => 'document-signing-key',
        policy: { environment: 'local', allowedHosts: ['127.0.0.1'] },
        deadlines: jobDeadlines({ budgetMs: 10_000, remainingMs: 30_000 }),
      },
    );
    await refusing.close();
    expect(await exists(payload.front_image_url as string)).toBe(false);
    expect(await exists(payload.back_image_url as string)).toBe(false);
  });

  it('includes the selfie when liveness checking is enabled', async () => {
    const payload = await upload({ front: 'F', back: 'B', selfie: 'SELFIE' }, { liveness: true });
    await run(payload);
    expect(seen).toEqual([{ front: 'F', back: 'B', selfie: 'SELFIE' }]);
  });

  it('names the image that does not decrypt (wrong key, IV or tag)', async () => {
    const payload = await upload({ front: 'F', back: 'B' });
    const wrongIv = { ...payload, back_image_iv: generateGcmIv().toString('base64') };
    expect(await run(wrongIv)).toMatchObject({
      success: false,
      exception: 'DocumentImageError: back image could not be decrypted',
    });
    const wrongKey = await upload({ front: 'F', back: 'B' });
    wrongKey.encryption_key = generateAesKey().toString('base64');
    expect(await run(wrongKey)).toMatchObject({
      exception: 'DocumentImageError: front image could not be decrypted',
    });
    expect(vendor.proof).not.toHaveBeenCalled();
  });

  it('answers a missing image, a bad key size and a missing selfie with success: false', async () => {
    const payload = await upload({ front: 'F', back: 'B' });
    expect(await run({ ...payload, back_image_url: `${cloud.endpoint}/${BUCKET}/nope.bin` })).toMatchObject({
      exception: 'DocumentImageError: back image not found',
    });
    expect(await run({ ...payload, encryption_key: Buffer.alloc(16).toString('base64') })).toMatchObject({
      exception: 'ValidationError: encryption_key must decode to 32 bytes',
    });
    expect(await run({ ...payload, liveness_checking_enabled: true })).toMatchObject({
      exception: 'ValidationError: selfie_image_url is required when liveness checking is enabled',
    });
    expect(vendor.proof).not.toHaveBeenCalled();
  });

  it('reads nothing from outside the document bucket', async () => {
    const elsewhere = await upload({ front: 'F', back: 'B' }, { bucket: OTHER_BUCKET });
    const result = await run(elsewhere);
    expect(result).toMatchObject({
      success: false,
      exception: expect.stringMatching(/not in the document bucket/),
    });
    const metadata = await run({ ...elsewhere, front_image_url: 'http://169.254.169.254/latest/meta-data/' });
    expect(metadata.exception).toMatch(/front_image_url must use https/);
    expect(vendor.proof).not.toHaveBeenCalled();
  });

  it.each([
    ['a 5-byte', Buffer.from('abcde')],
    ['an empty', Buffer.alloc(0)],
    ['a 15-byte', Buffer.alloc(15, 9)],
    ['a tag-sized but forged', Buffer.alloc(16, 9)],
  ])('ends %s image object as success: false naming the side, never a throw', async (_what, body) => {
    const payload = await upload({ front: 'F', back: 'B' });
    const backKey = new URL(payload.back_image_url as string).pathname.split('/').slice(2).join('/');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: backKey, Body: body }));
    expect(await run(payload)).toMatchObject({
      success: false,
      exception: 'DocumentImageError: back image could not be decrypted',
    });
    expect(vendor.proof).not.toHaveBeenCalled();
  });

  it('ends an image that decrypts to nothing as success: false naming the side', async () => {
    const payload = await upload({ front: '', back: 'B' });
    expect(await run(payload)).toMatchObject({
      success: false,
      exception: 'DocumentImageError: front image is empty',
    });
    expect(vendor.proof).not.toHaveBeenCalled();
    // It decrypted under the payload's key, so it is this applicant's and goes with the other side.
    expect(await exists(payload.front_image_url as string)).toBe(false);
    expect(await exists(payload.back_image_url as string)).toBe(false);
  });

  it("deletes only the images it decrypted: never another applicant's object named in its payload", async () => {
    const victim = await upload({ front: 'VICTIM-FRONT', back: 'VICTIM-BACK' });
    const hostile = await upload({ front: 'MINE-FRONT', back: 'MINE-BACK' });
    const result = await run({ ...hostile, back_image_url: victim.back_image_url });
    expect(result).toMatchObject({
      success: false,
      exception: 'DocumentImageError: back image could not be decrypted',
    });
    expect(await exists(victim.back_image_url as string)).toBe(true);
    expect(await exists(hostile.front_image_url as string)).toBe(false);
    // Its own back image was never named, so it is not deleted either: the bucket's lifecycle rule ends it.
    expect(await exists(hostile.back_image_url as string)).toBe(true);
  });

  it("keeps another applicant's object also when a retried invocation reuses the stored outcome", async () => {
    const { dynamo, outcomes } = outcomeStore();
    const victim = await upload({ front: 'VICTIM-FRONT', back: 'VICTIM-BACK' });
    const hostile = await upload({ front: 'MINE-FRONT', back: 'MINE-BACK' });
    const payload = { ...hostile, front_image_url: victim.front_image_url };
    await run(payload, outcomes);
    expect(await exists(victim.front_image_url as string)).toBe(true);
    await run(payload, outcomes);
    expect(vendor.proof).not.toHaveBeenCalled();
    expect(await exists(victim.front_image_url as string)).toBe(true);
    dynamo.destroy();

    // A retry that did not read the images itself checks each one before deleting it: its own go, others stay.
    const again = await upload({ front: 'MINE-FRONT', back: 'MINE-BACK' });
    const retried = { ...again, back_image_url: victim.back_image_url };
    await job().afterDelivery?.(retried, jobDeadlines({ budgetMs: 10_000, remainingMs: 30_000 }));
    expect(await exists(again.front_image_url as string)).toBe(false);
    expect(await exists(again.back_image_url as string)).toBe(true);
    expect(await exists(victim.back_image_url as string)).toBe(true);
  });

  it('proofs a result id once: a retried invocation only calls back again, from the encrypted outcome', async () => {
    const { dynamo, outcomes } = outcomeStore();
    const payload = await upload({ front: 'F', back: 'B' });
    const first = await run(payload, outcomes);
    const second = await run(payload, outcomes);
    expect(second).toEqual(first);
    expect(vendor.proof).toHaveBeenCalledTimes(1);

    const stored = JSON.stringify((await dynamo.send(new ScanCommand({ TableName: TABLE }))).Items);
    expect(stored).toContain('expiration');
    for (const value of ['Marisol', 'Quenneville', 'D9988776', '77 Birch Court'])
      expect(stored).not.toContain(value);
    dynamo.destroy();
  });
});
