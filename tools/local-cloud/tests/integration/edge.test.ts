import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SendEmailCommand as SendEmailV1Command, SESClient } from '@aws-sdk/client-ses';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mailsTo, sentMail } from '@backend/testing';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud([
    {
      service: 'edge-test',
      tables: [
        {
          name: 'users',
          partitionKey: { name: 'id', type: 'S' },
          globalSecondaryIndexes: [{ name: 'by-email', partitionKey: { name: 'email', type: 'S' } }],
        },
      ],
      queues: [{ name: 'jobs' }],
      buckets: [
        {
          name: 'uploads',
          cors: [
            {
              allowedOrigins: ['http://127.0.0.1:*'],
              allowedMethods: ['PUT'],
              allowedHeaders: ['content-type'],
            },
          ],
        },
        { name: 'private' },
      ],
    },
  ]);
});

afterAll(async () => {
  await cloud.stop();
});

describe('edge endpoint with the unmodified SDK v3 clients', () => {
  it('routes DynamoDB to dynalite, including a GSI query', async () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
    await doc.send(new PutCommand({ TableName: 'users', Item: { id: 'u1', email: 'a@example.test', n: 3 } }));
    const { Item } = await doc.send(new GetCommand({ TableName: 'users', Key: { id: 'u1' } }));
    expect(Item).toEqual({ id: 'u1', email: 'a@example.test', n: 3 });
    const byEmail = await doc.send(
      new QueryCommand({
        TableName: 'users',
        IndexName: 'by-email',
        KeyConditionExpression: 'email = :e',
        ExpressionAttributeValues: { ':e': 'a@example.test' },
      }),
    );
    expect(byEmail.Items?.map((i) => i['id'])).toEqual(['u1']);
  });

  it('routes SQS to fauxqs and accepts the queue URL with any spelling of the host', async () => {
    const sqs = new SQSClient(cloud.clientConfig);
    const canonical = cloud.queueUrl('jobs');
    const other = canonical.replace('127.0.0.1', 'localhost');
    await sqs.send(new SendMessageCommand({ QueueUrl: other, MessageBody: 'hello' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: canonical, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['hello']);
  });

  it('streams binary S3 objects through unchanged, and serves pre-signed URLs', async () => {
    const s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'dir/blob.bin', Body: bytes }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'dir/blob.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);

    const image = randomBytes(4096);
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'uploads', Key: 'front.enc' }), {
      expiresIn: 60,
    });
    const put = await fetch(putUrl, { method: 'PUT', body: image });
    expect(put.status).toBe(200);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'uploads', Key: 'front.enc' }), {
      expiresIn: 60,
    });
    expect(Buffer.from(await (await fetch(getUrl)).arrayBuffer()).equals(image)).toBe(true);
  });

  it('takes a 31 MB object in one PUT and returns it whole, as S3 does up to 5 GB', async () => {
    const s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
    const bytes = Buffer.alloc(31 * 1024 * 1024, randomBytes(4096));
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'big/31mb.csv', Body: bytes }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'big/31mb.csv' }));
    expect(got.ContentLength).toBe(bytes.length);
    const body = Buffer.from(await got.Body!.transformToByteArray());
    expect(createHash('sha256').update(body).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
  });

  it("honours S3's If-None-Match: * (412 when the key exists), and of two racing writers exactly one wins", async () => {
    const s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true, maxAttempts: 1 });
    const put = (Key: string, Body: string) =>
      s3.send(new PutObjectCommand({ Bucket: 'uploads', Key, Body, IfNoneMatch: '*' }));
    await put('once/artifact.zip', 'first');
    await expect(put('once/artifact.zip', 'second')).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
    const kept = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'once/artifact.zip' }));
    expect(await kept.Body!.transformToString()).toBe('first');

    const racing = await Promise.allSettled(['a', 'b', 'c', 'd'].map((body) => put('once/raced.zip', body)));
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // An unconditional PUT still overwrites, as in S3.
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'once/artifact.zip', Body: 'third' }));
    const overwritten = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'once/artifact.zip' }));
    expect(await overwritten.Body!.transformToString()).toBe('third');
  });

  it('routes SES v2 to aws-ses-v2-local, whose store shows the mail', async () => {
    const ses = new SESv2Client(cloud.clientConfig);
    const subject = `Verify ${randomBytes(4).toString('hex')}`;
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@example.test',
        Destination: { ToAddresses: ['user@example.test'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'code 123' } } } },
      }),
    );
    const store = (await (await fetch(`${cloud.sesUrl}/store`)).json()) as { emails: { subject: string }[] };
    expect(store.emails.map((e) => e.subject)).toContain(subject);
  });
});

describe('SES v1 SendEmail (query protocol)', () => {
  it('keeps every To, Cc and Bcc recipient, as SES delivers to each', async () => {
    const ses = new SESClient(cloud.clientConfig);
    const subject = `Several ${randomBytes(4).toString('hex')}`;
    const sent = await ses.send(
      new SendEmailV1Command({
        Source: 'noreply@example.test',
        Destination: {
          ToAddresses: ['a@example.test', 'b@example.test'],
          CcAddresses: ['c@example.test', 'd@example.test'],
          BccAddresses: ['e@example.test', 'f@example.test'],
        },
        ReplyToAddresses: ['help@example.test', 'desk@example.test'],
        Message: {
          Subject: { Data: subject },
          Body: { Text: { Data: 'hello' }, Html: { Data: '<p>hello</p>' } },
        },
      }),
    );
    expect(sent.MessageId).toMatch(/\w+/);
    const mail = (await sentMail(cloud)).find((m) => m.subject === subject);
    expect(mail).toMatchObject({
      messageId: sent.MessageId,
      from: 'noreply@example.test',
      destination: {
        to: ['a@example.test', 'b@example.test'],
        cc: ['c@example.test', 'd@example.test'],
        bcc: ['e@example.test', 'f@example.test'],
      },
      body: { text: 'hello', html: '<p>hello</p>' },
    });
    expect(await mailsTo(cloud.sesUrl, 'f@example.test')).toHaveLength(1);
  });

  it('refuses a mail without a body, as SES does', async () => {
    const ses = new SESClient({ ...cloud.clientConfig, maxAttempts: 1 });
    await expect(
      ses.send(
        new SendEmailV1Command({
          Source: 'noreply@example.test',
          Destination: { ToAddresses: ['a@example.test'] },
          Message: { Subject: { Data: 'empty' }, Body: {} },
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

describe('SNS Publish to a phone number (the SMS outbox)', () => {
  interface Outbox {
    messages: {
      messageId: string;
      phoneNumber: string;
      message: string;
      attributes: Record<string, string>;
    }[];
  }
  const outbox = async () => (await (await fetch(`${cloud.smsUrl}/store`)).json()) as Outbox;

  it('keeps the text with its attributes, answers its message id, and shows it on the outbox page', async () => {
    const sns = new SNSClient(cloud.clientConfig);
    const text = `Your code is ${randomBytes(3).toString('hex')}`;
    const { MessageId } = await sns.send(
      new PublishCommand({
        PhoneNumber: '+12025550147',
        Message: text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        },
      }),
    );
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const sent = (await outbox()).messages.find((m) => m.messageId === MessageId);
    expect(sent).toMatchObject({
      phoneNumber: '+12025550147',
      message: text,
      attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional' },
    });
    const page = await fetch(cloud.smsUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(text);
  });

  it.each([
    ['2025550147', 'Invalid parameter: PhoneNumber Reason: 2025550147 is not valid to publish to'],
    ['+0123', 'Invalid parameter: PhoneNumber Reason: +0123 is not valid to publish to'],
  ])('refuses %s, which is not E.164, with InvalidParameter as SNS does', async (number, message) => {
    const sns = new SNSClient({ ...cloud.clientConfig, maxAttempts: 1 });
    const error = (await sns
      .send(new PublishCommand({ PhoneNumber: number, Message: 'hi' }))
      .catch((e: unknown) => e)) as { name: string; message: string; $metadata: { httpStatusCode: number } };
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
      'InvalidParameterException',
      message,
      400,
    ]);
  });

  it('refuses an empty text and one over 1,600 characters; topics still go to fauxqs', async () => {
    const sns = new SNSClient({ ...cloud.clientConfig, maxAttempts: 1 });
    const refusal = (message: string) =>
      sns
        .send(new PublishCommand({ PhoneNumber: '+12025550147', Message: message }))
        .catch((e: unknown) => (e as Error).message);
    expect(await refusal('')).toBe('Invalid parameter: Empty message');
    expect(await refusal('x'.repeat(1601))).toBe('Invalid parameter: Message too long');
    const before = (await outbox()).messages.length;
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
    const published = await sns.send(new PublishCommand({ TopicArn, Message: 'to the topic' }));
    expect(published.MessageId).toBeTruthy();
    expect((await outbox()).messages.length).toBe(before);
  });
});

describe("browsers on another origin (fauxqs has no CORS: the edge answers from the buckets' rules)", () => {
  const page = 'http://127.0.0.1:5173';
  const presignedPut = async (bucket: string, key: string) => {
    const s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
    return getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: 'application/octet-stream' }),
      {
        expiresIn: 60,
      },
    );
  };
  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });

  it('lets an allowed origin PUT to a pre-signed URL: preflight, then the upload with its CORS headers', async () => {
    const url = await presignedPut('uploads', 'images/front.enc');
    const allowed = await preflight(url, page);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(page);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type');

    const image = randomBytes(2048);
    const put = await fetch(url, {
      method: 'PUT',
      headers: { origin: page, 'content-type': 'application/octet-stream' },
      body: image,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe(page);
    const s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
    const stored = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'images/front.enc' }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(image)).toBe(true);
  });

  it('refuses other origins and buckets without CORS rules, as S3 does', async () => {
    const other = await preflight(await presignedPut('uploads', 'x.enc'), 'https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(await other.text()).toMatch(/<Code>CORSResponse<\/Code>/);
    const noRules = await preflight(await presignedPut('private', 'x.enc'), page);
    expect(noRules.status).toBe(403);
    expect(await noRules.text()).toMatch(/CORS is not enabled for this bucket/);
  });
});

describe('requests the edge cannot route', () => {
  const sign = (service: string) =>
    `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

  it('answers a JSON-protocol call to an unemulated service with UnknownOperationException', async () => {
    const response = await fetch(cloud.endpoint, {
      method: 'POST',
      headers: {
        authorization: sign('kinesis'),
        'x-amz-target': 'Kinesis_20131202.ListStreams',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('answers an unknown operation of an emulated JSON service the same way', async () => {
    const response = await fetch(cloud.endpoint, {
      method: 'POST',
      headers: {
        authorization: sign('ssm'),
        'x-amz-target': 'AmazonSSM.LabelParameterVersion',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('answers a REST call with an S3-style XML error, and an unsigned one with 403', async () => {
    const rest = await fetch(`${cloud.endpoint}/some/path`, { headers: { authorization: sign('glacier') } });
    expect(rest.status).toBe(400);
    expect(await rest.text()).toMatch(/<Error><Code>UnknownOperationException<\/Code>/);
    const unsigned = await fetch(`${cloud.endpoint}/uploads/x`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toMatch(/MissingAuthenticationTokenException/);
  });

  it('answers malformed JSON with SerializationException and keeps serving', async () => {
    const response = await fetch(cloud.endpoint, {
      method: 'POST',
      headers: {
        authorization: sign('secretsmanager'),
        'x-amz-target': 'secretsmanager.GetSecretValue',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('SerializationException');
    const health = await fetch(`${cloud.endpoint}/_local-cloud/health`);
    expect(health.status).toBe(200);
  });
});
