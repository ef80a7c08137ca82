import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { ValidationError } from '@backend/platform';
import type { DocumentVendor } from '@backend/vendors';
import { describe, expect, it, vi } from 'vitest';
import { documentJob, jobDeadlines } from '../../src/index.js';

const url = (side: string) => `https://docs.s3.us-east-1.amazonaws.com/uploads/${side}.bin`;
const event = (overrides: object = {}) => ({
  encryption_key: Buffer.alloc(32, 1).toString('base64'),
  front_image_iv: Buffer.alloc(12, 2).toString('base64'),
  back_image_iv: Buffer.alloc(12, 3).toString('base64'),
  front_image_url: url('front'),
  back_image_url: url('back'),
  liveness_checking_enabled: false,
  callback_url: 'https://idp.example.gov/api/proofing_results/document/r-1',
  ...overrides,
});
const deadlines = () => jobDeadlines({ budgetMs: 10_000, remainingMs: 30_000 });

describe('document job with an injected S3 client', () => {
  it('refuses an image larger than maxImageBytes without reading it, and releases its connection', async () => {
    const bodies: Readable[] = [];
    const s3 = {
      send: vi.fn(async () => {
        const body = Readable.from([Buffer.alloc(2048)]);
        bodies.push(body);
        return { ContentLength: 2048, Body: body };
      }),
    } as unknown as S3Client;
    const vendor: DocumentVendor = { name: 'DocumentDouble', proof: vi.fn() };
    const job = documentJob({
      vendor,
      s3,
      bucket: { bucket: 'docs', region: 'us-east-1' },
      maxImageBytes: 1024,
    });

    expect(await job.proof(event(), deadlines())).toMatchObject({
      success: false,
      exception: 'DocumentImageError: front image is larger than 1024 bytes',
    });
    // Front and back are read in parallel; the result names the first side that failed.
    expect(s3.send).toHaveBeenCalledTimes(2);
    // An unread body holds its keep-alive socket; the job destroys it instead of leaving it to the GC.
    expect(bodies.map((body) => body.destroyed)).toEqual([true, true]);
    expect(vendor.proof).not.toHaveBeenCalled();
  });

  it('refuses, as bad input, a path-style image URL whose bucket is not UTF-8 (the schema lets %FF through)', async () => {
    const s3 = { send: vi.fn() } as unknown as S3Client;
    const job = documentJob({
      vendor: { name: 'DocumentDouble', proof: vi.fn() },
      s3,
      bucket: { bucket: 'docs', region: 'us-east-1' },
    });
    const proof = job.proof(event({ back_image_url: 'https://s3.amazonaws.com/%FF/back.bin' }), deadlines());
    await expect(proof).rejects.toBeInstanceOf(ValidationError);
    await expect(proof).rejects.toMatchObject({
      field: 'back_image_url',
      message: 'back_image_url has a malformed bucket',
    });
    expect(s3.send).not.toHaveBeenCalled();
  });
});
