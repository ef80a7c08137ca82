import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MessageView } from '@backend/contracts';
import { createDocumentClient } from '@backend/persistence';
import { httpHandler, type HttpApiEvent } from '@backend/platform';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ApiKeyStore,
  apiKeysTable,
  messagesApi,
  messagesService,
  messagesTable,
  outboxQueue,
  parseMessageKeyrings,
  requestsTable,
} from '../../src/index.js';

// Property-based, 1,000 requests per route, in process against the local cloud's DynamoDB and SQS (no function
// deployed: the handler runs here, so each request costs a few milliseconds). Whatever a caller sends: never a
// 5xx, always the error envelope on a 4xx, never a message of a mailbox outside the key's scope, never the content
// of a secure message for a key that may not decrypt, and never a recipient, content or key in a log line.
const RUNS = 1000;
// A thousand requests take 3-30 s depending on what else the machine runs: more than the default 30 s is allowed.
const PROPERTY_TIMEOUT_MS = 120_000;
const SCOPE_DOMAIN = 'fuzz.test';
const SCOPE_PHONE = '+12025550100';
const VICTIM = 'victim@other.test';

let cloud: TestLocalCloud;
let client: DynamoDBDocumentClient;
let sqs: SQSClient;
let handler: ReturnType<typeof httpHandler>;
const keys: Record<'sender' | 'decryptor' | 'revoked' | 'admin', string> = {
  sender: '',
  decryptor: '',
  revoked: '',
  admin: '',
};
/** Messages stored before the fuzzing: the victim's (out of scope) and an in-scope secure one. */
const seeded: { victim: string[]; secure: string[]; victimCursor: string } = {
  victim: [],
  secure: [],
  victimCursor: '',
};
const SECRET_TEXT = `sealed-${randomUUID()}`;

let logs = '';
beforeAll(async () => {
  cloud = await startLocalCloud({ services: [{ ...messagesService, functions: [] }] });
  client = createDocumentClient(cloud.clientConfig);
  sqs = new SQSClient(cloud.clientConfig);
  const keyrings = parseMessageKeyrings(randomBytes(32).toString('hex'));
  handler = httpHandler(
    messagesApi({
      client,
      sqs,
      messagesTable,
      requestsTable,
      apiKeysTable,
      queueUrl: cloud.queueUrl(outboxQueue),
      keyrings: async () => keyrings,
    }),
    { maxBodyBytes: 64 * 1024 },
  );
  const store = new ApiKeyStore({ client, tableName: apiKeysTable });
  const scope = { domains: [SCOPE_DOMAIN], recipients: [SCOPE_PHONE], rateLimitPerMinute: 100_000 };
  keys.sender = (await store.issue({ name: 'fuzz-sender', ...scope })).apiKey;
  keys.decryptor = (await store.issue({ name: 'fuzz-decryptor', ...scope, canDecrypt: true })).apiKey;
  const revoked = await store.issue({ name: 'fuzz-revoked', ...scope });
  keys.revoked = revoked.apiKey;
  await store.revoke(revoked.record.key_id);
  keys.admin = (
    await store.issue({
      name: 'fuzz-admin',
      domains: ['other.test'],
      canDecrypt: true,
      rateLimitPerMinute: 100_000,
    })
  ).apiKey;

  for (let i = 0; i < 3; i++) {
    const sent = await call('POST', {
      key: keys.admin,
      body: { msg_id: VICTIM, subject: `victim ${i}`, msg: SECRET_TEXT },
    });
    seeded.victim.push(JSON.parse(sent.body!).message_id);
  }
  const page = await call('GET', { key: keys.admin, query: { msg_id: VICTIM, limit: '1' } });
  seeded.victimCursor = JSON.parse(page.body!).next;
  const secure = await call('POST', {
    key: keys.sender,
    body: { msg_id: `owner@${SCOPE_DOMAIN}`, subject: 'sealed', msg: SECRET_TEXT, store_secure: true },
  });
  seeded.secure.push(JSON.parse(secure.body!).message_id);

  const capture = (chunk: string | Uint8Array) => {
    logs += chunk.toString();
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterAll(async () => {
  vi.restoreAllMocks();
  client?.destroy();
  sqs?.destroy();
  await cloud?.stop();
});

const context = {
  awsRequestId: 'fuzz',
  functionName: 'local-messages-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local-messages-api',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/local-messages-api',
  logStreamName: 'fuzz',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

interface Request {
  key?: string | undefined;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

/** An API Gateway HTTP API (payload 2.0) event for one of the three routes, as API Gateway builds it. */
async function call(method: 'POST' | 'GET', request: Request): Promise<APIGatewayProxyStructuredResultV2> {
  const one = request.pathParameters !== undefined;
  const routeKey = method === 'POST' ? 'POST /msg' : one ? 'GET /msg/{msg_id}/{message_id}' : 'GET /msg';
  const rawPath = one
    ? `/msg/${request.pathParameters!['msg_id']}/${request.pathParameters!['message_id']}`
    : '/msg';
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const event = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(request.key === undefined ? {} : { 'x-api-key': request.key }),
      ...request.headers,
    },
    ...(request.query === undefined ? {} : { queryStringParameters: request.query }),
    ...(request.pathParameters === undefined ? {} : { pathParameters: request.pathParameters }),
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'fuzz',
      domainName: 'fuzz.local',
      domainPrefix: 'fuzz',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fast-check' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  } as HttpApiEvent;
  return (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
}

/** Answers by route and status: the fuzzing must reach the success paths too, not only the refusals. */
const answered: Record<string, Record<number, number>> = {};

/** What a caller may get back, whatever it sent. */
function checkAnswer(
  route: string,
  answer: APIGatewayProxyStructuredResultV2,
  key: string | undefined,
): void {
  const status = answer.statusCode ?? 0;
  answered[route] ??= {};
  answered[route][status] = (answered[route][status] ?? 0) + 1;
  expect(status, answer.body).toBeLessThan(500);
  const body = JSON.parse(answer.body ?? '{}') as Record<string, unknown>;
  if (status >= 400) {
    expect(body).toEqual({
      error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    });
    return;
  }
  const inScope = (mailbox: string) => mailbox.endsWith(`@${SCOPE_DOMAIN}`) || mailbox === SCOPE_PHONE;
  const messages = (Array.isArray(body['messages']) ? body['messages'] : [body]) as MessageView[];
  for (const message of messages) {
    expect(inScope(message.msg_id), `${message.msg_id} is outside the key's scope`).toBe(true);
    if (message.store_secure && key !== keys.decryptor) expect(message).not.toHaveProperty('msg');
  }
  expect(answer.body).not.toContain(seeded.victim[0]);
}

// Values that stand out in a log: a marker inside any of them appearing in the output is a leak.
const marker = (prefix: string) =>
  fc.string({ minLength: 1, maxLength: 10 }).map((s) => `${prefix}${s.replace(/[^A-Za-z0-9]/g, 'q')}Z`);
const apiKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('sender', 'decryptor').map((k) => keys[k as 'sender']) },
  { weight: 1, arbitrary: fc.constant('revoked').map(() => keys.revoked) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^msgk_[A-Za-z0-9_-]{43}$/) },
);
const mailbox = fc.oneof(
  { weight: 4, arbitrary: marker('rcpt').map((local) => `${local}@${SCOPE_DOMAIN}`) },
  { weight: 1, arbitrary: fc.constant(SCOPE_PHONE) },
  { weight: 1, arbitrary: fc.constantFrom(VICTIM, `x@sub.${SCOPE_DOMAIN}`, `x@${SCOPE_DOMAIN}.other.test`) },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
const anyValue = fc.oneof(fc.anything(), fc.string({ maxLength: 40 }));

describe('fuzzed requests (1,000 per route) never produce a 5xx, a foreign message or a leak', () => {
  it(
    'POST /msg',
    async () => {
      // A request that should be accepted, the same with one field made wrong, or anything at all.
      const valid = fc.oneof(
        fc.record({
          msg_id: marker('rcpt').map((l) => `${l}@${SCOPE_DOMAIN}`),
          channel: fc.constant('email'),
        }),
        fc.record({ msg_id: fc.constant(SCOPE_PHONE), channel: fc.constant('sms') }),
      );
      const accepted = fc
        .tuple(valid, marker('subj'), marker('text'), fc.option(fc.boolean()))
        .map(([recipient, subject, msg, storeSecure]) => ({
          ...recipient,
          subject,
          msg,
          ...(storeSecure === null ? {} : { store_secure: storeSecure }),
        }));
      const broken = fc
        .tuple(
          accepted,
          fc.constantFrom('msg_id', 'subject', 'msg', 'store_secure', 'channel', 'extra'),
          fc.oneof(
            mailbox,
            anyValue,
            marker('long').map((m) => m.repeat(200)),
          ),
        )
        .map(([request, field, value]) => ({ ...request, [field]: value }));
      // Well formed, to a recipient outside the key's scope.
      const foreign = fc
        .tuple(accepted, fc.constantFrom(VICTIM, `x@sub.${SCOPE_DOMAIN}`, `x@${SCOPE_DOMAIN}.other.test`))
        .map(([request, msgId]) => ({ ...request, msg_id: msgId, channel: 'email' }));
      const body = fc.oneof(
        { weight: 3, arbitrary: accepted },
        { weight: 1, arbitrary: foreign },
        { weight: 4, arbitrary: broken },
        { weight: 1, arbitrary: fc.anything() },
      );
      await fc.assert(
        fc.asyncProperty(
          apiKey,
          body,
          // Mostly no Idempotency-Key (each would make a new message), sometimes any string.
          fc.option(fc.string({ maxLength: 300 }), { freq: 2 }),
          // A body that is not JSON, one request in eight.
          fc.oneof(
            { weight: 7, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
          ),
          async (key, payload, idempotencyKey, raw) => {
            const answer = await call('POST', {
              key,
              ...(raw === null ? { body: payload } : { rawBody: raw }),
              headers: idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey },
            });
            checkAnswer('POST /msg', answer, key);
          },
        ),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'GET /msg',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          apiKey,
          fc.record(
            {
              msg_id: fc.oneof(mailbox, fc.constant(`owner@${SCOPE_DOMAIN}`)),
              limit: fc.oneof(
                { weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) },
                { weight: 1, arbitrary: fc.integer({ min: -5, max: 200 }).map(String) },
                { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
              ),
              next: fc.oneof(
                fc.constant(seeded.victimCursor),
                fc.string({ maxLength: 100 }),
                fc.base64String(),
              ),
            },
            { requiredKeys: [] },
          ),
          async (key, query) => checkAnswer('GET /msg', await call('GET', { key, query }), key),
        ),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'GET /msg/{msg_id}/{message_id}',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          apiKey,
          fc.oneof(mailbox, fc.constant(`owner@${SCOPE_DOMAIN}`)),
          fc.oneof(
            fc.constantFrom(...seeded.victim, ...seeded.secure),
            fc.uuid({ version: 7 }),
            fc.string({ maxLength: 60 }),
          ),
          async (key, msgId, messageId) =>
            checkAnswer(
              'GET one',
              await call('GET', { key, pathParameters: { msg_id: msgId, message_id: messageId } }),
              key,
            ),
        ),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('reached every answer a caller can get: accepted, listed, read, refused for each reason', () => {
    const counts = JSON.stringify(answered);
    expect(answered['POST /msg']![202], counts).toBeGreaterThan(100);
    expect(answered['GET /msg']![200], counts).toBeGreaterThan(25);
    expect(answered['GET one']![200], counts).toBeGreaterThan(0);
    for (const status of [400, 401, 403]) {
      expect(answered['POST /msg']![status], counts).toBeGreaterThan(0);
      expect(answered['GET /msg']![status], counts).toBeGreaterThan(0);
      expect(answered['GET one']![status], counts).toBeGreaterThan(0);
    }
  });

  it('and no log line of them holds a recipient, a subject, a text or a key', () => {
    expect(logs).toContain('"route":"POST /msg"');
    for (const leak of [/rcpt/i, /subj\w*Z/, /text\w*Z/, /msgk_/, new RegExp(SECRET_TEXT), /victim@/]) {
      expect(logs).not.toMatch(leak);
    }
  });
});
