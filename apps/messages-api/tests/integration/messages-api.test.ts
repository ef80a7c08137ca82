import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_MESSAGE_REQUEST_BYTES, type MessageView } from '@backend/contracts';
import { ApiKeyStore, apiKeysTable, messagesService, messagesTable } from '@backend/messages';
import { createDocumentClient } from '@backend/persistence';
import { sentMail, sentSms, startLocalCloud, waitFor, type TestLocalCloud } from '@backend/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let cloud: TestLocalCloud;
let client: DynamoDBDocumentClient;
let keys: ApiKeyStore;
/** May send to and read example.com and one phone; may not decrypt. */
let sender: string;
/** The same scope, and may decrypt. */
let reader: string;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [messagesService] });
  client = createDocumentClient(cloud.clientConfig);
  keys = new ApiKeyStore({ client, tableName: apiKeysTable });
  const scope = { domains: ['example.com'], recipients: ['+12025550147'], rateLimitPerMinute: 1000 };
  sender = (await keys.issue({ name: 'sender', ...scope })).apiKey;
  reader = (await keys.issue({ name: 'reader', ...scope, canDecrypt: true })).apiKey;
});

afterAll(async () => {
  client?.destroy();
  await cloud?.stop();
});

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const response = await fetch(`${cloud.httpApiUrl}${path}`, {
    method,
    headers: {
      ...(options.key === undefined ? {} : { 'x-api-key': options.key }),
      ...(options.body === undefined && options.raw === undefined
        ? {}
        : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.raw !== undefined
      ? { body: options.raw }
      : options.body === undefined
        ? {}
        : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? {} : JSON.parse(text)) as T,
    headers: response.headers,
  };
}

const send = (body: unknown, key = sender, headers: Record<string, string> = {}) =>
  call<{ message_id: string; msg_id: string; status: string }>('POST', '/msg', { key, body, headers });
const readOne = (msgId: string, messageId: string, key = sender) =>
  call<MessageView>('GET', `/msg/${encodeURIComponent(msgId)}/${messageId}`, { key });
const mailbox = () => `user-${randomUUID().slice(0, 8)}@example.com`;

async function untilFinal(msgId: string, messageId: string): Promise<MessageView> {
  return waitFor(async () => {
    const { body } = await readOne(msgId, messageId);
    return body.status === 'sent' || body.status === 'failed' ? body : undefined;
  });
}

describe('POST /msg, then send-message: the mail is in the SES inbox and the status turns to sent', () => {
  it('sends an email once, answering 202 with a UUIDv7 id', async () => {
    const to = mailbox();
    const accepted = await send({ msg_id: to, subject: 'Hello', msg: 'First line\nsecond <b>line</b>' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ msg_id: to, status: 'queued' });
    expect(accepted.body.message_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const final = await untilFinal(to, accepted.body.message_id);
    expect(final).toMatchObject({ status: 'sent', channel: 'email', subject: 'Hello', store_secure: false });
    const mails = (await sentMail(cloud)).filter((m) => m.messageId === final.provider_message_id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      from: 'messages@example.test',
      destination: { to: [to] },
      subject: 'Hello',
      body: { text: 'First line\nsecond <b>line</b>' },
    });
    expect(mails[0]!.body.html).toContain('second &lt;b&gt;line&lt;/b&gt;');
  });

  it('sends an SMS through SNS to the local SMS outbox', async () => {
    const accepted = await send({
      msg_id: '+12025550147',
      subject: 'Code',
      msg: 'Your code is 424242',
      channel: 'sms',
    });
    expect(accepted.status).toBe(202);
    const final = await untilFinal('+12025550147', accepted.body.message_id);
    expect(final).toMatchObject({ status: 'sent', channel: 'sms' });
    // The number's + written %2B in the query string, as docs/messages.md says.
    const listed = await call<{ messages: MessageView[] }>('GET', '/msg?msg_id=%2B12025550147', {
      key: sender,
    });
    expect(listed.body.messages.map((m) => m.message_id)).toContain(accepted.body.message_id);
    const texts = (await sentSms(cloud)).filter((m) => m.messageId === final.provider_message_id);
    expect(texts).toEqual([
      expect.objectContaining({
        phoneNumber: '+12025550147',
        message: 'Your code is 424242',
        attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional' },
      }),
    ]);
  });

  it('answers a repeated Idempotency-Key with the first answer and sends once; another body is 422', async () => {
    const to = mailbox();
    const body = { msg_id: to, subject: 'Once', msg: 'only once' };
    const key = randomUUID();
    const first = await send(body, sender, { 'idempotency-key': key });
    const again = await send(body, sender, { 'idempotency-key': key });
    expect(again.status).toBe(202);
    expect(again.body.message_id).toBe(first.body.message_id);
    const final = await untilFinal(to, first.body.message_id);
    await cloud.drain();
    const third = await send(body, sender, { 'idempotency-key': key });
    expect(third.body).toEqual({ message_id: first.body.message_id, msg_id: to, status: 'sent' });
    expect((await sentMail(cloud)).filter((m) => m.destination.to.includes(to))).toHaveLength(1);
    expect(final.status).toBe('sent');
    const other = await send({ ...body, msg: 'something else' }, sender, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body).toEqual({
      error: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'This Idempotency-Key was used with another request body',
        field: 'Idempotency-Key',
      },
    });
  });
});

describe('store_secure: sealed at rest, listed without content, decrypted only for a key that may', () => {
  it('keeps no plaintext in the table and shows the content to the decrypting key only', async () => {
    const to = mailbox();
    const secret = `secret-${randomUUID()}`;
    const accepted = await send({ msg_id: to, subject: 'Private', msg: secret, store_secure: true });
    const final = await untilFinal(to, accepted.body.message_id);
    expect(final.status).toBe('sent');
    expect(final).not.toHaveProperty('msg');
    expect(final).not.toHaveProperty('subject');
    const decrypted = await readOne(to, accepted.body.message_id, reader);
    expect(decrypted.body).toMatchObject({ subject: 'Private', msg: secret, store_secure: true });
    const listed = await call<{ messages: MessageView[] }>('GET', `/msg?msg_id=${encodeURIComponent(to)}`, {
      key: reader,
    });
    expect(listed.body.messages).toHaveLength(1);
    expect(listed.body.messages[0]).not.toHaveProperty('msg');
    // The mail itself went out with the content.
    expect((await sentMail(cloud)).find((m) => m.messageId === final.provider_message_id)?.body.text).toBe(
      secret,
    );
    const raw = new DynamoDBClient(cloud.clientConfig);
    const items = JSON.stringify((await raw.send(new ScanCommand({ TableName: messagesTable }))).Items);
    raw.destroy();
    expect(items).not.toContain(secret);
    expect(items).not.toContain('Private');
  });
});

describe('GET /msg: the mailbox, newest first, in pages', () => {
  it('pages with the opaque cursor, and refuses a cursor of another mailbox', async () => {
    const to = mailbox();
    const ids: string[] = [];
    for (const n of [1, 2, 3])
      ids.push((await send({ msg_id: to, subject: `n${n}`, msg: `m${n}` })).body.message_id);
    const path = `/msg?msg_id=${encodeURIComponent(to)}&limit=2`;
    const first = await call<{ messages: MessageView[]; next?: string }>('GET', path, { key: sender });
    expect(first.status).toBe(200);
    expect(first.body.messages.map((m) => m.message_id)).toEqual([ids[2], ids[1]]);
    expect(first.body.messages[0]).toMatchObject({ subject: 'n3', msg: 'm3', msg_id: to });
    const second = await call<{ messages: MessageView[]; next?: string }>(
      'GET',
      `${path}&next=${first.body.next}`,
      { key: sender },
    );
    expect(second.body.messages.map((m) => m.message_id)).toEqual([ids[0]]);
    expect(second.body.next).toBeUndefined();
    const other = await call(
      'GET',
      `/msg?msg_id=${encodeURIComponent(mailbox())}&limit=2&next=${first.body.next}`,
      {
        key: sender,
      },
    );
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ error: { code: 'INVALID_CURSOR', field: 'next' } });
  });
});

describe('bad input: a precise 4xx with the error envelope, never a 5xx', () => {
  const to = 'someone@example.com';

  it.each([
    ['no API key', undefined, 401, 'INVALID_API_KEY'],
    ['a key never issued', `msgk_${'A'.repeat(43)}`, 401, 'INVALID_API_KEY'],
    ['a malformed key', 'hunter2', 401, 'INVALID_API_KEY'],
  ])('%s: %i', async (_case, key, status, code) => {
    const answer = await call('POST', '/msg', {
      ...(key === undefined ? {} : { key }),
      body: { msg_id: to, subject: 's', msg: 'm' },
    });
    expect([answer.status, (answer.body as { error: { code: string } }).error.code]).toEqual([status, code]);
  });

  it('refuses a revoked key on every route', async () => {
    const { apiKey, record } = await keys.issue({ name: 'short-lived', domains: ['example.com'] });
    expect((await send({ msg_id: to, subject: 's', msg: 'm' }, apiKey)).status).toBe(202);
    expect(await keys.revoke(record.key_id)).toBe(true);
    expect((await send({ msg_id: to, subject: 's', msg: 'm' }, apiKey)).status).toBe(401);
    expect((await call('GET', `/msg?msg_id=${to}`, { key: apiKey })).status).toBe(401);
  });

  it.each([
    ['a body that is not JSON', { raw: '{"msg_id": ' }, 400, 'MALFORMED_JSON', undefined],
    ['no msg_id', { body: { subject: 's', msg: 'm' } }, 400, 'VALIDATION_ERROR', 'msg_id'],
    [
      'an invalid email',
      { body: { msg_id: 'not an email', subject: 's', msg: 'm' } },
      400,
      'VALIDATION_ERROR',
      'msg_id',
    ],
    [
      'a phone number that is not E.164',
      { body: { msg_id: '202-555-0147', subject: 's', msg: 'm', channel: 'sms' } },
      400,
      'VALIDATION_ERROR',
      'msg_id',
    ],
    [
      'an SMS over 1,600 characters',
      { body: { msg_id: '+12025550147', subject: 's', msg: 'x'.repeat(1601), channel: 'sms' } },
      400,
      'VALIDATION_ERROR',
      'msg',
    ],
    [
      'an unknown field',
      { body: { msg_id: to, subject: 's', msg: 'm', bcc: 'x' } },
      400,
      'VALIDATION_ERROR',
      'bcc',
    ],
    [
      'a body over the stated 64 KiB limit',
      { raw: JSON.stringify({ msg_id: to, subject: 's', msg: 'x'.repeat(MAX_MESSAGE_REQUEST_BYTES) }) },
      413,
      'PAYLOAD_TOO_LARGE',
      undefined,
    ],
    [
      'a recipient outside the key’s scope',
      { body: { msg_id: 'someone@elsewhere.org', subject: 's', msg: 'm' } },
      403,
      'RECIPIENT_OUT_OF_SCOPE',
      'msg_id',
    ],
  ])('POST with %s: %i', async (_case, request, status, code, field) => {
    const answer = await call<{ error: Record<string, string> }>('POST', '/msg', { key: sender, ...request });
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.field).toBe(field);
  });

  it.each([
    ['no msg_id', '/msg', 400, 'VALIDATION_ERROR'],
    ['a limit out of range', `/msg?msg_id=${to}&limit=101`, 400, 'VALIDATION_ERROR'],
    ['a forged cursor', `/msg?msg_id=${to}&next=abc`, 400, 'INVALID_CURSOR'],
    ['another domain’s mailbox', '/msg?msg_id=x%40elsewhere.org', 403, 'RECIPIENT_OUT_OF_SCOPE'],
    ['a message id that is not a UUIDv7', `/msg/${to}/123`, 400, 'VALIDATION_ERROR'],
    ['an unknown message', `/msg/${to}/0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b`, 404, 'MESSAGE_NOT_FOUND'],
    [
      'another domain’s message',
      `/msg/x%40elsewhere.org/0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b`,
      403,
      'RECIPIENT_OUT_OF_SCOPE',
    ],
  ])('GET with %s: %i', async (_case, path, status, code) => {
    const answer = await call<{ error: { code: string } }>('GET', path, { key: sender });
    expect([answer.status, answer.body.error.code]).toEqual([status, code]);
  });

  it('counts requests per key and answers 429 with Retry-After past the limit', async () => {
    const { apiKey } = await keys.issue({ name: 'slow', domains: ['example.com'], rateLimitPerMinute: 2 });
    const answers = [];
    // Five calls span at most two one-minute windows, so one window sees at least three of them.
    for (let i = 0; i < 5; i++) answers.push(await call('GET', `/msg?msg_id=${to}`, { key: apiKey }));
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(4);
    const refusal = answers.find((a) => a.status === 429)!;
    expect(refusal.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('logs no recipient, content or key', async () => {
    await cloud.drain();
    const lines = [...cloud.logs('local-messages-api'), ...cloud.logs('local-send-message')].join('\n');
    expect(lines).toContain('"route":"POST /msg"');
    for (const value of [
      'example.com',
      '+12025550147',
      '2025550147',
      'Your code is',
      sender,
      reader,
      'secret-',
    ]) {
      expect(lines).not.toContain(value);
    }
  });
});

describe('the API reference, served beside the API', () => {
  it('serves the OpenAPI document and its HTML page under /docs/api/', async () => {
    const index = await (await fetch(`${cloud.httpApiUrl}/docs/api/`)).text();
    expect(index).toContain('href="messages.html"');
    const page = await fetch(`${cloud.httpApiUrl}/docs/api/messages.html`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<h1>Messages API');
    expect(html).toContain('<code>/msg/{msg_id}/{message_id}</code>');
    const document = (await (await fetch(`${cloud.httpApiUrl}/docs/api/messages.openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(['/msg', '/msg/{msg_id}/{message_id}']);
  });
});
