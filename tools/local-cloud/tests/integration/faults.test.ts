import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SendEmailCommand as SendEmailV1Command, SESClient } from '@aws-sdk/client-ses';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule, FaultRuleState } from '../../src/index.js';
import { fixture, startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;
// One attempt: the test sees the first answer. Two: the SDK retries once if it classifies the error retryable.
const once = { maxAttempts: 1 };
const twice = { maxAttempts: 2 };

beforeAll(async () => {
  cloud = await startTestCloud([
    {
      service: 'faults-test',
      tables: [{ name: 'items', partitionKey: { name: 'id', type: 'S' } }],
      buckets: [{ name: 'files' }],
      queues: [{ name: 'jobs' }],
      parameters: [{ name: '/local/faults/setting', type: 'String', localValue: 'on' }],
      secrets: [{ name: 'faults/secret', localValue: 'shh' }],
      functions: [{ name: 'echo', entry: fixture('echo') }],
    },
  ]);
});

afterEach(async () => {
  await control('DELETE');
});

afterAll(async () => {
  await cloud.stop();
});

/** The control endpoint, called as a curl user would. */
async function control(
  method: string,
  body?: unknown,
  path = '',
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${cloud.endpoint}/_local-cloud/faults${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function inject(rule: FaultRule): Promise<FaultRuleState> {
  const { status, json } = await control('POST', rule);
  expect(status).toBe(201);
  return json as FaultRuleState;
}

async function rules(): Promise<FaultRuleState[]> {
  return ((await control('GET')).json as { faults: FaultRuleState[] }).faults;
}

interface SdkError {
  name: string;
  code?: string;
  $fault?: string;
  $metadata: { httpStatusCode?: number; attempts?: number };
}

async function failure(call: Promise<unknown>): Promise<SdkError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e as SdkError,
  );
  if (error === undefined) throw new Error('the call succeeded; a fault was expected');
  return error;
}

const item = (id: string) => ({ id: { S: id } });

describe('DynamoDB faults, in DynamoDB’s JSON 1.0 shape', () => {
  it.each([
    ['ProvisionedThroughputExceededException', 400, 'client'],
    ['ThrottlingException', 400, 'client'],
    ['InternalServerError', 500, 'server'],
  ])('%s reaches the SDK with status %i and is retried by it', async (code, status, fault) => {
    await inject({ target: 'dynamodb:PutItem', effect: { type: 'error', code } });
    const dynamodb = new DynamoDBClient({ ...cloud.clientConfig, ...twice });
    const error = await failure(dynamodb.send(new PutItemCommand({ TableName: 'items', Item: item('x') })));
    expect(error.name).toBe(code);
    expect(error.$fault).toBe(fault);
    expect(error.$metadata.httpStatusCode).toBe(status);
    // The SDK's own retry strategy classified it retryable: it tried twice.
    expect(error.$metadata.attempts).toBe(2);
    expect((await rules())[0]).toMatchObject({ matched: 2, fired: 2 });
  });

  it('fails the next N matching calls only, and leaves other operations alone', async () => {
    await inject({
      target: 'dynamodb:GetItem',
      effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
      times: 1,
    });
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    await dynamodb.send(new PutItemCommand({ TableName: 'items', Item: item('n') }));
    // The default three attempts: the first is throttled, the SDK's retry gets the item.
    const read = await dynamodb.send(new GetItemCommand({ TableName: 'items', Key: item('n') }));
    expect(read.Item).toEqual(item('n'));
    expect(read.$metadata.attempts).toBe(2);
    const next = await dynamodb.send(new GetItemCommand({ TableName: 'items', Key: item('n') }));
    expect(next.$metadata.attempts).toBe(1);
    expect((await rules())[0]).toMatchObject({
      target: 'dynamodb:GetItem',
      // Three GetItem requests met it (the throttled attempt, the SDK's retry, the next call); it fired once.
      matched: 3,
      fired: 1,
      times: 1,
    });
  });

  it('leaves a share of a BatchWriteItem unprocessed, which a caller retrying UnprocessedItems completes', async () => {
    await inject({
      target: 'dynamodb:BatchWriteItem',
      effect: { type: 'unprocessedItems', share: 0.3 },
      times: 1,
    });
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    const ids = Array.from({ length: 10 }, (_, i) => `batch-${i}`);
    let pending: Record<string, WriteRequest[]> = {
      items: ids.map((id) => ({ PutRequest: { Item: { ...item(id), n: { N: '1' } } } })),
    };
    const first = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: pending }));
    // The last 3 of 10 come back in the request's own shape; the first 7 are written.
    expect(first.UnprocessedItems).toEqual({ items: pending.items!.slice(7) });
    const scan = async () =>
      ((await dynamodb.send(new ScanCommand({ TableName: 'items' }))).Items ?? [])
        .map((i) => i.id!.S!)
        .filter((id) => id.startsWith('batch-'))
        .sort();
    expect(await scan()).toEqual(ids.slice(0, 7));
    let rounds = 1;
    pending = first.UnprocessedItems ?? {};
    while (Object.keys(pending).length > 0) {
      const retry = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: pending }));
      pending = retry.UnprocessedItems ?? {};
      rounds += 1;
    }
    expect(rounds).toBe(2);
    expect(await scan()).toEqual(ids);
  });

  it('leaves a share of a BatchGetItem unprocessed with its settings, and throttles one that would read nothing', async () => {
    const dynamodb = new DynamoDBClient({ ...cloud.clientConfig, ...once });
    const ids = Array.from({ length: 10 }, (_, i) => `read-${i}`);
    await dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: { items: ids.map((id) => ({ PutRequest: { Item: item(id) } })) },
      }),
    );
    await inject({
      target: 'dynamodb:BatchGetItem',
      effect: { type: 'unprocessedKeys', share: 0.3 },
      times: 1,
    });
    const request = { Keys: ids.map(item), ConsistentRead: true, ProjectionExpression: 'id' };
    const first = await dynamodb.send(new BatchGetItemCommand({ RequestItems: { items: request } }));
    // The first 7 keys are read; the last 3 come back with the table's request settings, ready to send again.
    expect((first.Responses?.['items'] ?? []).map((i) => i['id']!.S).sort()).toEqual(ids.slice(0, 7));
    expect(first.UnprocessedKeys).toEqual({ items: { ...request, Keys: ids.slice(7).map(item) } });
    const retry = await dynamodb.send(new BatchGetItemCommand({ RequestItems: first.UnprocessedKeys! }));
    expect((retry.Responses?.['items'] ?? []).map((i) => i['id']!.S).sort()).toEqual(ids.slice(7));
    expect(retry.UnprocessedKeys ?? {}).toEqual({});

    // A single key left unprocessed would leave nothing read: DynamoDB throttles the request instead.
    await inject({
      target: 'dynamodb:BatchGetItem',
      effect: { type: 'unprocessedKeys', share: 0.3 },
      times: 1,
    });
    await expect(
      dynamodb.send(new BatchGetItemCommand({ RequestItems: { items: { Keys: [item('read-0')] } } })),
    ).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    dynamodb.destroy();
  });

  it('drops the connection: the SDK sees a network error, and retries it', async () => {
    await inject({ target: 'dynamodb:GetItem', effect: { type: 'drop' }, times: 1 });
    const single = new DynamoDBClient({ ...cloud.clientConfig, ...once });
    const error = await failure(single.send(new GetItemCommand({ TableName: 'items', Key: item('d') })));
    expect(error.code ?? error.name).toMatch(/ECONNRESET|EPIPE|socket hang up/);
    expect(error.$metadata.httpStatusCode).toBeUndefined();
    await inject({ target: 'dynamodb:GetItem', effect: { type: 'drop' }, times: 1 });
    const retrying = new DynamoDBClient(cloud.clientConfig);
    const read = await retrying.send(new GetItemCommand({ TableName: 'items', Key: item('d') }));
    expect(read.$metadata.attempts).toBe(2);
  });

  it('adds latency and still answers', async () => {
    await inject({ target: 'dynamodb:*', effect: { type: 'latency', ms: 30 }, times: 2 });
    const dynamodb = new DynamoDBClient(cloud.clientConfig);
    await dynamodb.send(new PutItemCommand({ TableName: 'items', Item: item('slow') }));
    const read = await dynamodb.send(new GetItemCommand({ TableName: 'items', Key: item('slow') }));
    expect(read.Item).toEqual(item('slow'));
    expect((await rules())[0]).toMatchObject({ matched: 2, fired: 2 });
  });

  it('lets the first calls through with `after`, then fires in the middle of a run', async () => {
    await inject({
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'ThrottlingException' },
      after: 2,
      times: 1,
    });
    const dynamodb = new DynamoDBClient({ ...cloud.clientConfig, ...once });
    const outcomes: string[] = [];
    for (const id of ['a1', 'a2', 'a3', 'a4']) {
      outcomes.push(
        await dynamodb.send(new PutItemCommand({ TableName: 'items', Item: item(id) })).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ThrottlingException', 'ok']);
    expect((await rules())[0]).toMatchObject({ after: 2, matched: 4, fired: 1 });
  });

  it('does not apply a request whose client hung up during the added latency', async () => {
    await inject({ target: 'dynamodb:PutItem', effect: { type: 'latency', ms: 1000 }, times: 1 });
    const dynamodb = new DynamoDBClient({ ...cloud.clientConfig, ...once });
    const hangUp = new AbortController();
    const put = dynamodb.send(new PutItemCommand({ TableName: 'items', Item: item('gone') }), {
      abortSignal: hangUp.signal,
    });
    while ((await rules())[0]!.fired === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    hangUp.abort();
    await expect(put).rejects.toMatchObject({ name: 'AbortError' });
    // Past the latency, the request would have reached DynamoDB had it been forwarded.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const read = await dynamodb.send(new GetItemCommand({ TableName: 'items', Key: item('gone') }));
    expect(read.Item).toBeUndefined();
  });

  it('fires with a probability, the same calls again for the same seed', async () => {
    const dynamodb = new DynamoDBClient({ ...cloud.clientConfig, ...once });
    const pattern = async () => {
      await inject({
        target: 'dynamodb:GetItem',
        effect: { type: 'error', code: 'ThrottlingException' },
        probability: 0.5,
        seed: 7,
      });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 20; i += 1) {
        outcomes.push(
          await dynamodb.send(new GetItemCommand({ TableName: 'items', Key: item('p') })).then(
            () => true,
            () => false,
          ),
        );
      }
      const [rule] = await rules();
      await control('DELETE');
      return { outcomes, rule: rule! };
    };
    const first = await pattern();
    const second = await pattern();
    expect(second.outcomes).toEqual(first.outcomes);
    const failed = first.outcomes.filter((ok) => !ok).length;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(20);
    expect(first.rule).toMatchObject({ matched: 20, fired: failed, probability: 0.5, seed: 7 });
  });
});

describe('S3 faults, in S3’s XML shape', () => {
  const s3 = () => new S3Client({ ...cloud.clientConfig, forcePathStyle: true, ...twice });

  it.each([
    ['s3:GetObject', 'SlowDown', 503],
    ['s3:PutObject', 'InternalError', 500],
    ['s3:ListObjectsV2', 'ServiceUnavailable', 503],
  ])('%s answers %s with %i, retried by the SDK', async (target, code, status) => {
    await s3().send(new PutObjectCommand({ Bucket: 'files', Key: 'a.txt', Body: 'a' }));
    await inject({ target, effect: { type: 'error', code } });
    const client = s3();
    const call =
      target === 's3:GetObject'
        ? client.send(new GetObjectCommand({ Bucket: 'files', Key: 'a.txt' }))
        : target === 's3:PutObject'
          ? client.send(new PutObjectCommand({ Bucket: 'files', Key: 'b.txt', Body: 'b' }))
          : client.send(new ListObjectsV2Command({ Bucket: 'files' }));
    const error = await failure(call);
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.$metadata.attempts).toBe(2);
  });

  it('tells DeleteObject from GetObject by method and path', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'files', Key: 'keep.txt', Body: 'k' }));
    await inject({ target: 's3:DeleteObject', effect: { type: 'error', code: 'InternalError' } });
    const client = new S3Client({ ...cloud.clientConfig, forcePathStyle: true, ...once });
    const got = await client.send(new GetObjectCommand({ Bucket: 'files', Key: 'keep.txt' }));
    expect(await got.Body!.transformToString()).toBe('k');
    const error = await failure(client.send(new DeleteObjectCommand({ Bucket: 'files', Key: 'keep.txt' })));
    expect(error.name).toBe('InternalError');
    expect((await rules())[0]).toMatchObject({ matched: 1, fired: 1 });
  });
});

describe('faults of the other services, each in its protocol’s shape', () => {
  const email = {
    Source: 'noreply@example.test',
    Destination: { ToAddresses: ['user@example.test'] },
    Message: { Subject: { Data: 'hi' }, Body: { Text: { Data: 'hello' } } },
  };

  it('SES v1 (query, XML): Throttling with 400', async () => {
    await inject({ target: 'ses:SendEmail', effect: { type: 'error', code: 'Throttling' } });
    const ses = new SESClient({ ...cloud.clientConfig, ...twice });
    const error = await failure(ses.send(new SendEmailV1Command(email)));
    expect(error.name).toBe('Throttling');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.attempts).toBe(2);
  });

  it('SES v2 (REST JSON): Throttling as TooManyRequestsException with 429; the next call goes through', async () => {
    await inject({ target: 'ses:SendEmail', effect: { type: 'error', code: 'Throttling' }, times: 2 });
    const ses = new SESv2Client({ ...cloud.clientConfig, ...twice });
    const send = () =>
      ses.send(
        new SendEmailCommand({
          FromEmailAddress: email.Source,
          Destination: email.Destination,
          Content: { Simple: email.Message },
        }),
      );
    const error = await failure(send());
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(error.$metadata.attempts).toBe(2);
    expect((await send()).MessageId).toBeTruthy();
  });

  it('SNS Publish to a phone number (query, XML): ThrottlingException retried by the SDK, a permanent refusal not', async () => {
    const sms = new PublishCommand({ PhoneNumber: '+12025550147', Message: 'hello' });
    await inject({ target: 'sns:Publish', effect: { type: 'error', code: 'ThrottlingException' }, times: 1 });
    const sns = new SNSClient({ ...cloud.clientConfig, ...twice });
    expect((await sns.send(sms)).MessageId).toBeTruthy();
    expect((await rules())[0]).toMatchObject({ matched: 2, fired: 1 });
    await control('DELETE');
    await inject({ target: 'sns:Publish', effect: { type: 'error', code: 'InvalidParameter' } });
    const refused = await failure(sns.send(sms));
    expect([refused.name, refused.$metadata.httpStatusCode, refused.$metadata.attempts]).toEqual([
      'InvalidParameterException',
      400,
      1,
    ]);
  });

  it('SES v1: MessageRejected, a permanent refusal, is not retried', async () => {
    await inject({ target: 'ses:SendEmail', effect: { type: 'error', code: 'MessageRejected' } });
    const ses = new SESClient({ ...cloud.clientConfig, ...twice });
    const error = await failure(ses.send(new SendEmailV1Command(email)));
    expect([error.name, error.$metadata.httpStatusCode, error.$metadata.attempts]).toEqual([
      'MessageRejected',
      400,
      1,
    ]);
  });

  it('SQS ReceiveMessage, Lambda Invoke and SSM GetParameter fail with their own errors', async () => {
    await inject({ target: 'sqs:ReceiveMessage', effect: { type: 'error', code: 'RequestThrottled' } });
    await inject({ target: 'lambda:Invoke', effect: { type: 'error', code: 'TooManyRequestsException' } });
    await inject({ target: 'ssm:GetParameter', effect: { type: 'error', code: 'ThrottlingException' } });
    const sqs = new SQSClient({ ...cloud.clientConfig, ...once });
    const received = await failure(
      sqs.send(new ReceiveMessageCommand({ QueueUrl: cloud.queueUrl('jobs'), WaitTimeSeconds: 0 })),
    );
    expect([received.name, received.$metadata.httpStatusCode]).toEqual(['RequestThrottled', 400]);
    const lambda = new LambdaClient({ ...cloud.clientConfig, ...once });
    const invoked = await failure(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: '{}' })));
    expect([invoked.name, invoked.$metadata.httpStatusCode]).toEqual(['TooManyRequestsException', 429]);
    const ssm = new SSMClient({ ...cloud.clientConfig, ...once });
    const read = await failure(ssm.send(new GetParameterCommand({ Name: '/local/faults/setting' })));
    expect([read.name, read.$metadata.httpStatusCode]).toEqual(['ThrottlingException', 400]);
    await inject({
      target: 'secretsmanager:GetSecretValue',
      effect: { type: 'error', code: 'InternalServiceError' },
    });
    const secrets = new SecretsManagerClient({ ...cloud.clientConfig, ...twice });
    const secret = await failure(secrets.send(new GetSecretValueCommand({ SecretId: 'faults/secret' })));
    expect([secret.name, secret.$metadata.httpStatusCode, secret.$metadata.attempts]).toEqual([
      'InternalServiceError',
      500,
      2,
    ]);
    expect((await rules()).map((r) => [r.target, r.fired])).toEqual([
      ['sqs:ReceiveMessage', 1],
      ['lambda:Invoke', 1],
      ['ssm:GetParameter', 1],
      ['secretsmanager:GetSecretValue', 2],
    ]);
  });
});

describe('the control endpoint', () => {
  it('is off unless asked, lists rules with counters, removes one or all', async () => {
    expect(await rules()).toEqual([]);
    const a = await inject({ target: 's3:GetObject', effect: { type: 'drop' } });
    await inject({ target: 'ssm:*', effect: { type: 'latency', ms: 5 } });
    expect((await rules()).map((r) => r.target)).toEqual(['s3:GetObject', 'ssm:*']);
    expect((await control('DELETE', undefined, `/${a.id}`)).status).toBe(204);
    expect((await rules()).map((r) => r.target)).toEqual(['ssm:*']);
    expect((await control('DELETE', undefined, `/${a.id}`)).status).toBe(404);
    expect((await control('DELETE')).status).toBe(204);
    expect(await rules()).toEqual([]);
    const ssm = new SSMClient({ ...cloud.clientConfig, ...once });
    expect(
      (await ssm.send(new GetParameterCommand({ Name: '/local/faults/setting' }))).Parameter?.Value,
    ).toBe('on');
  });

  it.each([
    ['not JSON', '{target', /not valid JSON/],
    [
      'an unknown service',
      { target: 'kms:Decrypt', effect: { type: 'drop' } },
      /target service must be one of/,
    ],
    ['no operation', { target: 'dynamodb', effect: { type: 'drop' } }, /service:Operation/],
    [
      'an error the service does not send',
      { target: 's3:GetObject', effect: { type: 'error', code: 'ThrottlingException' } },
      /effect.code for s3 must be one of ServiceUnavailable, SlowDown, InternalError/,
    ],
    [
      'unprocessed keys outside BatchGetItem',
      { target: 'dynamodb:BatchWriteItem', effect: { type: 'unprocessedKeys', share: 0.5 } },
      /BatchGetItem only/,
    ],
    [
      'unprocessed items outside BatchWriteItem',
      { target: 'dynamodb:PutItem', effect: { type: 'unprocessedItems', share: 0.5 } },
      /BatchWriteItem only/,
    ],
    ['a probability above 1', { target: 's3:*', effect: { type: 'drop' }, probability: 2 }, /probability/],
    ['a seed alone', { target: 's3:*', effect: { type: 'drop' }, seed: 1 }, /seed needs a probability/],
    [
      'zero times',
      { target: 's3:*', effect: { type: 'drop' }, times: 0 },
      /times must be a positive integer/,
    ],
    ['a negative after', { target: 's3:*', effect: { type: 'drop' }, after: -1 }, /after must be/],
    ['an unknown field', { target: 's3:*', effect: { type: 'drop' }, when: 'now' }, /Unknown field when/],
    ['an unknown effect', { target: 's3:*', effect: { type: 'explode' } }, /effect.type must be one of/],
  ])('answers %s with 400 and a clear message', async (_, body, message) => {
    const { status, json } = await control('POST', body);
    expect(status).toBe(400);
    const error = (json as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('InvalidFaultRule');
    expect(error.message).toMatch(message);
    expect(await rules()).toEqual([]);
  });
});
