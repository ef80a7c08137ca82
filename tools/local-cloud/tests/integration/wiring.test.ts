import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud([
    {
      service: 'wiring-test',
      queues: [{ name: 'license-files' }],
      pages: [{ prefix: '/pages', directory: 'tools/local-cloud/tests/fixtures/pages' }],
      buckets: [
        {
          name: 'licenses',
          notifications: [
            { queue: 'license-files', events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.csv' },
          ],
        },
      ],
      functions: [
        {
          name: 'http-echo',
          entry: fixture('http-echo'),
          routes: ['GET /items/{id}', 'POST /items', 'ANY /files/{proxy+}', 'GET /plain', 'GET /boom'],
        },
      ],
    },
  ]);
});

afterAll(async () => {
  await cloud.stop();
});

describe('static pages', () => {
  it("serves a service's pages under their prefix, with index.html for a directory", async () => {
    const index = await fetch(`${cloud.httpApiUrl}/pages/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>Sign up</title>');
    const script = await fetch(`${cloud.httpApiUrl}/pages/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("'sign-up'");
    expect(await (await fetch(`${cloud.httpApiUrl}/pages/sub`)).text()).toContain('<title>Sub</title>');
  });

  it('reaches nothing outside the directory, and answers 404 for what is not there', async () => {
    for (const path of [
      '/pages/missing.html',
      '/pages/%2e%2e/http-echo.ts',
      '/pages/..%2F..%2Fpackage.json',
      '/pages/%00',
    ]) {
      expect((await fetch(`${cloud.httpApiUrl}${path}`)).status).toBe(404);
    }
    // Routes outside the prefix still reach their functions.
    expect((await fetch(`${cloud.httpApiUrl}/plain`)).status).toBe(200);
  });
});

describe('HTTP API payload 2.0', () => {
  it('maps path and query parameters, headers and cookies into the event', async () => {
    const response = await fetch(`${cloud.httpApiUrl}/items/a%20b?tag=x&tag=y`, {
      headers: { cookie: 'session=s1; theme=dark', 'x-trace': 't-1' },
    });
    expect(response.status).toBe(200);
    const event = (await response.json()) as Record<string, unknown> & { headers: Record<string, string> };
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /items/{id}',
      rawPath: '/items/a%20b',
      rawQueryString: 'tag=x&tag=y',
      pathParameters: { id: 'a b' },
      queryStringParameters: { tag: 'x,y' },
      cookies: ['session=s1', 'theme=dark'],
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/items/a%20b', sourceIp: '127.0.0.1' },
        stage: '$default',
      },
    });
    expect(event.headers['x-trace']).toBe('t-1');
    expect(event.headers['cookie']).toBeUndefined();
  });

  it('passes a JSON body as text', async () => {
    const response = await fetch(`${cloud.httpApiUrl}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(await response.json()).toMatchObject({
      body: '{"name":"x"}',
      isBase64Encoded: false,
      routeKey: 'POST /items',
    });
  });

  it('base64-encodes binary bodies both ways and maps status, headers and cookies back', async () => {
    const bytes = randomBytes(2048);
    const response = await fetch(`${cloud.httpApiUrl}/files/a/b.bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-file')).toBe('a/b.bin');
    expect(response.headers.getSetCookie()).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers a result without statusCode as JSON 200, a function error as 500, an unknown route as 404', async () => {
    const plain = await fetch(`${cloud.httpApiUrl}/plain`);
    expect([plain.status, plain.headers.get('content-type'), await plain.json()]).toEqual([
      200,
      'application/json',
      { hello: 'world' },
    ]);
    const boom = await fetch(`${cloud.httpApiUrl}/boom`);
    expect([boom.status, await boom.json()]).toEqual([500, { message: 'Internal Server Error' }]);
    const missing = await fetch(`${cloud.httpApiUrl}/nowhere`, { method: 'DELETE' });
    expect([missing.status, await missing.json()]).toEqual([404, { message: 'Not Found' }]);
  });
});

describe('S3 -> SQS notifications', () => {
  it('delivers object-created events that match the prefix and suffix, in the S3 event format', async () => {
    const s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
    const sqs = new SQSClient(cloud.clientConfig);
    const csv = Buffer.from('license,state\nA1,VA\n');
    await s3.send(new PutObjectCommand({ Bucket: 'licenses', Key: 'incoming/board 1.csv', Body: csv }));
    await s3.send(new PutObjectCommand({ Bucket: 'licenses', Key: 'incoming/readme.txt', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'licenses', Key: 'archive/old.csv', Body: 'x' }));
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'licenses',
        Key: 'incoming/copy.csv',
        CopySource: 'licenses/archive/old.csv',
      }),
    );
    const upload = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'licenses', Key: 'incoming/big.csv' }),
    );
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'licenses',
        Key: 'incoming/big.csv',
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: csv,
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'licenses',
        Key: 'incoming/big.csv',
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    await cloud.drain();

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: cloud.queueUrl('license-files'), MaxNumberOfMessages: 10 }),
    );
    const records = Messages.map(
      (m) => (JSON.parse(m.Body!) as { Records: Record<string, unknown>[] }).Records[0]!,
    );
    const byKey = Object.fromEntries(
      records.map((r) => [(r as { s3: { object: { key: string } } }).s3.object.key, r]),
    );
    expect(Object.keys(byKey).sort()).toEqual([
      'incoming/big.csv',
      'incoming/board+1.csv',
      'incoming/copy.csv',
    ]);
    expect(byKey['incoming/board+1.csv']).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'licenses', arn: 'arn:aws:s3:::licenses' }, object: { size: csv.length } },
    });
    expect(byKey['incoming/copy.csv']).toMatchObject({ eventName: 'ObjectCreated:Copy' });
    expect(byKey['incoming/big.csv']).toMatchObject({ eventName: 'ObjectCreated:CompleteMultipartUpload' });
  });
});
