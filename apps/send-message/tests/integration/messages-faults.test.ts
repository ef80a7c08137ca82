import {
  SendMessageBatchCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MessageView } from '@backend/contracts';
import { messagesService, messagesTable, outboxQueue, sortKeyOf } from '@backend/messages';
import { overrideDeclaration, sentMail, sentSms, waitFor, type TestLocalCloud } from '@backend/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMessagesCloud, type MessagesCloud } from '../support/messages-cloud.js';

// The messages service under the local cloud's injected faults (docs/reliability.md): SES and SNS failing while
// sending, DynamoDB throttling while storing, a poison record, a record delivered twice. Every outcome is read
// from outside: the API's view of the message, the local SES inbox and SMS outbox, the dead-letter queue.
const DLQ = `${outboxQueue}-dlq`;
// A test waits for SQS to deliver a record again (5 s here) and for the outcome (up to 20 s): allow more than the
// default 30 s when the machine is busy.
vi.setConfig({ testTimeout: 60_000 });
const SENDER = 'local-send-message';

/**
 * The declared service, with the outbox's visibility timeout at 5 s and two receives before the last attempt
 * (180 s and five in the declaration), so a retried record comes back within a test. 5 s stays above what one
 * invocation may take here (a cold start and the SDK's three throttled attempts), as 180 s is above the 30 s timeout:
 * a record must not come back while its first delivery is still at work.
 */
const fastRetries = overrideDeclaration(messagesService, {
  queues: {
    [outboxQueue]: { visibilityTimeoutSeconds: 5, deadLetter: { queue: DLQ, maxReceiveCount: 2 } },
  },
  functions: {
    [SENDER]: (fn) => ({
      environment: { ...fn.environment, MAX_RECEIVE_COUNT: '2', CLAIM_SECONDS: '10' },
      // A batching window, so records sent together are handled in one batch.
      sqs: (fn.sqs ?? []).map((source) => ({ ...source, maximumBatchingWindowSeconds: 1 })),
    }),
  },
});

let messages: MessagesCloud;
let cloud: TestLocalCloud;
let client: DynamoDBDocumentClient;
let sqs: SQSClient;
let apiKey: string;

beforeAll(async () => {
  messages = await startMessagesCloud(fastRetries, {
    name: 'faults',
    recipients: ['+12025550147', '+12025550148'],
  });
  ({ cloud, client, sqs, apiKey } = messages);
});
afterEach(() => cloud.clearFaults());
afterAll(() => messages?.stop());

const mailbox = () => `fault-${randomUUID().slice(0, 8)}@example.com`;

const post: MessagesCloud['post'] = (body, headers) => messages.post(body, headers);
const final: MessagesCloud['final'] = (msgId, messageId, timeoutMs) =>
  messages.final(msgId, messageId, timeoutMs);

const mailsTo = async (to: string) => (await sentMail(cloud)).filter((m) => m.destination.to.includes(to));

const deadLetters = () => messages.deadLetters();

async function deadLetterOf(messageId: string): Promise<Message> {
  const seen: Message[] = [];
  return waitFor(async () => {
    seen.push(...(await deadLetters()));
    return seen.find((m) => m.Body?.includes(messageId));
  });
}

describe('SES failing while sending', () => {
  it('ThrottlingException: retried (by the SDK, then by SQS), the mail sent exactly once', async () => {
    await cloud.injectFault({
      target: 'ses:SendEmail',
      effect: { type: 'error', code: 'Throttling' },
      times: 4,
    });
    const to = mailbox();
    const { body } = await post({ msg_id: to, subject: 'Throttled', msg: 'eventually' });
    const message = await final(to, body.message_id);
    expect(message.status).toBe('sent');
    // Three attempts of the first receive were throttled, and one of the second.
    expect((await cloud.faults())[0]).toMatchObject({ fired: 4 });
    expect(await mailsTo(to)).toHaveLength(1);
  });

  it('MessageRejected, a permanent refusal: failed with its reason, in the DLQ with it, sent never', async () => {
    await cloud.injectFault({ target: 'ses:SendEmail', effect: { type: 'error', code: 'MessageRejected' } });
    const to = mailbox();
    const { body } = await post({ msg_id: to, subject: 'Refused', msg: 'never' });
    const message = await final(to, body.message_id);
    expect(message).toMatchObject({
      status: 'failed',
      failure_reason: 'MessageRejected: SES refused the message for good',
    });
    const letter = await deadLetterOf(body.message_id);
    expect(letter.MessageAttributes?.['failure_code']?.StringValue).toBe('MessageRejected');
    expect((await cloud.faults())[0]).toMatchObject({ fired: 1 });
    expect(await mailsTo(to)).toHaveLength(0);
  });

  it('a connection dropped on every attempt: retried until the last receive, then failed in the DLQ', async () => {
    await cloud.injectFault({ target: 'ses:SendEmail', effect: { type: 'drop' } });
    const to = mailbox();
    const { body } = await post({ msg_id: to, subject: 'Unreachable', msg: 'no answer' });
    const message = await final(to, body.message_id);
    expect(message.status).toBe('failed');
    expect(message.failure_reason).toMatch(/^RETRIES_EXHAUSTED: SES failed on each of 2 attempts/);
    expect((await deadLetterOf(body.message_id)).MessageAttributes?.['failure_code']?.StringValue).toBe(
      'RETRIES_EXHAUSTED',
    );
    expect(await mailsTo(to)).toHaveLength(0);
  });
});

describe('SNS failing while sending', () => {
  it('ThrottlingException: the SMS sent exactly once; a batch with a mail retries only the SMS', async () => {
    // Every attempt of the first receive of the SMS fails; the mail in the same batch goes out at once.
    await cloud.injectFault({
      target: 'sns:Publish',
      effect: { type: 'error', code: 'ThrottlingException' },
      times: 3,
    });
    const to = mailbox();
    const code = `code ${randomUUID()}`;
    const sms = await post({ msg_id: '+12025550148', subject: 'Code', msg: code, channel: 'sms' });
    const mail = await post({ msg_id: to, subject: 'Alongside', msg: 'in the same batch' });
    const [text, email] = await Promise.all([
      final('+12025550148', sms.body.message_id),
      final(to, mail.body.message_id),
    ]);
    expect([text.status, email.status]).toEqual(['sent', 'sent']);
    expect((await sentSms(cloud)).filter((m) => m.message === code)).toHaveLength(1);
    expect((await cloud.faults())[0]).toMatchObject({ fired: 3 });
    expect(await mailsTo(to)).toHaveLength(1);
  });

  it('InvalidParameter, a permanent refusal: failed with its reason and in the DLQ', async () => {
    await cloud.injectFault({ target: 'sns:Publish', effect: { type: 'error', code: 'InvalidParameter' } });
    const { body } = await post({ msg_id: '+12025550147', subject: 'x', msg: 'refused', channel: 'sms' });
    const message = await final('+12025550147', body.message_id);
    expect(message).toMatchObject({
      status: 'failed',
      failure_reason: 'InvalidParameter: SNS refused the message for good',
    });
    expect((await deadLetterOf(body.message_id)).MessageAttributes?.['failure_code']?.StringValue).toBe(
      'InvalidParameter',
    );
  });
});

describe('DynamoDB throttling during message storage', () => {
  it('throttled twice: the SDK retries, 202, sent once', async () => {
    await cloud.injectFault({
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
      times: 2,
    });
    const to = mailbox();
    const { status, body } = await post({ msg_id: to, subject: 'Stored', msg: 'after retries' });
    expect(status).toBe(202);
    expect((await final(to, body.message_id)).status).toBe('sent');
    expect(await mailsTo(to)).toHaveLength(1);
  });

  it('throttled throughout: 503 (never 500), and the same Idempotency-Key later sends it once', async () => {
    await cloud.injectFault({
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
    });
    const to = mailbox();
    const request = { msg_id: to, subject: 'Later', msg: 'once' };
    const key = randomUUID();
    const refused = await post(request, { 'idempotency-key': key });
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
    await cloud.clearFaults();
    const accepted = await post(request, { 'idempotency-key': key });
    expect(accepted.status).toBe(202);
    expect((await final(to, accepted.body.message_id)).status).toBe('sent');
    expect(await mailsTo(to)).toHaveLength(1);
  });

  it('status updates throttled while sending: still sent exactly once', async () => {
    await cloud.injectFault({
      target: 'dynamodb:UpdateItem',
      effect: { type: 'error', code: 'ThrottlingException' },
      times: 2,
    });
    const to = mailbox();
    const { body } = await post({ msg_id: to, subject: 'Updated', msg: 'late status' });
    expect((await final(to, body.message_id)).status).toBe('sent');
    expect(await mailsTo(to)).toHaveLength(1);
  });
});

describe('poison and redelivered records', () => {
  it('a record that is not a message key goes to the DLQ at once with its reason', async () => {
    const marker = randomUUID();
    await sqs.send(
      new SendMessageCommand({ QueueUrl: cloud.queueUrl(outboxQueue), MessageBody: `{"poison":"${marker}"` }),
    );
    const letter = await deadLetterOf(marker);
    expect(letter.MessageAttributes?.['failure_code']?.StringValue).toBe('MALFORMED_RECORD');
  });

  it('a record delivered twice, together and again later, sends the message once', async () => {
    const to = mailbox();
    const { body } = await post({ msg_id: to, subject: 'Twice', msg: 'once only' });
    const entry = JSON.stringify({ msg_id: to, message_id: body.message_id });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: cloud.queueUrl(outboxQueue),
        Entries: [
          { Id: 'a', MessageBody: entry },
          { Id: 'b', MessageBody: entry },
        ],
      }),
    );
    expect((await final(to, body.message_id)).status).toBe('sent');
    await sqs.send(new SendMessageCommand({ QueueUrl: cloud.queueUrl(outboxQueue), MessageBody: entry }));
    await waitFor(async () =>
      cloud
        .logs(SENDER)
        .filter((line) => line.includes('Message already final') && line.includes(body.message_id)).length >=
      3
        ? true
        : undefined,
    );
    expect(await mailsTo(to)).toHaveLength(1);
  });

  /**
   * A message the API stored but could not queue (every SDK attempt to queue it refused: 503), changed in the table
   * as `change` says, then queued by hand: what send-message makes of it, and its DLQ record.
   */
  async function storedChangedAndQueued(
    request: Record<string, unknown>,
    change: { expression: string; names?: Record<string, string>; values: Record<string, unknown> },
  ) {
    const to = String(request['msg_id']);
    await cloud.injectFault({
      target: 'sqs:SendMessage',
      effect: { type: 'error', code: 'ServiceUnavailable' },
      times: 3,
    });
    // With an Idempotency-Key, so the API keeps the message to be resumed.
    expect((await post(request, { 'idempotency-key': randomUUID() })).status).toBe(503);
    const stored = await waitFor(async () => {
      const response = await fetch(`${cloud.httpApiUrl}/msg?msg_id=${encodeURIComponent(to)}`, {
        headers: { 'x-api-key': apiKey },
      });
      return ((await response.json()) as { messages: MessageView[] }).messages[0];
    });
    await client.send(
      new UpdateCommand({
        TableName: messagesTable,
        Key: { msg_id: to, ts: sortKeyOf(stored.message_id) },
        UpdateExpression: change.expression,
        ...(change.names === undefined ? {} : { ExpressionAttributeNames: change.names }),
        ExpressionAttributeValues: change.values,
      }),
    );
    const entry = JSON.stringify({ msg_id: to, message_id: stored.message_id });
    await sqs.send(new SendMessageCommand({ QueueUrl: cloud.queueUrl(outboxQueue), MessageBody: entry }));
    const message = await final(to, stored.message_id);
    const letter = await deadLetterOf(stored.message_id);
    return { message, failureCode: letter.MessageAttributes?.['failure_code']?.StringValue };
  }

  it('queueing refused throughout, without an Idempotency-Key: 503, and the mailbox keeps no unsendable message', async () => {
    const to = mailbox();
    await cloud.injectFault({
      target: 'sqs:SendMessage',
      effect: { type: 'error', code: 'ServiceUnavailable' },
      times: 3,
    });
    const refused = await post({ msg_id: to, subject: 'Not queued', msg: 'try again' });
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
    const response = await fetch(`${cloud.httpApiUrl}/msg?msg_id=${encodeURIComponent(to)}`, {
      headers: { 'x-api-key': apiKey },
    });
    expect(((await response.json()) as { messages: MessageView[] }).messages).toEqual([]);
    // The caller tries again and the message is accepted and sent once.
    const accepted = await post({ msg_id: to, subject: 'Not queued', msg: 'try again' });
    expect((await final(to, accepted.body.message_id)).status).toBe('sent');
    expect(await mailsTo(to)).toHaveLength(1);
  });

  it('a claim left by an attempt that stopped mid-send is never resent: failed DELIVERY_UNKNOWN in the DLQ', async () => {
    const to = mailbox();
    // The test plays an invocation that claimed the message and stopped (its claim long expired).
    const { message, failureCode } = await storedChangedAndQueued(
      { msg_id: to, subject: 'Interrupted', msg: 'maybe sent' },
      {
        expression: 'SET #s = :sending, claimed_until = :past',
        names: { '#s': 'status' },
        values: { ':sending': 'sending', ':past': 1 },
      },
    );
    expect(message.failure_reason).toMatch(/^DELIVERY_UNKNOWN: /);
    expect(failureCode).toBe('DELIVERY_UNKNOWN');
    expect(await mailsTo(to)).toHaveLength(0);
  });

  it('sealed content that no longer opens (tampered, or its key dropped from the keyring): failed for good, in the DLQ', async () => {
    const to = mailbox();
    const { message, failureCode } = await storedChangedAndQueued(
      { msg_id: to, subject: 'Sealed', msg: 'secret', store_secure: true },
      { expression: 'SET sealed = :other', values: { ':other': new Uint8Array(64).fill(1) } },
    );
    expect(message.failure_reason).toMatch(/^CONTENT_UNREADABLE: /);
    expect(failureCode).toBe('CONTENT_UNREADABLE');
    expect(await mailsTo(to)).toHaveLength(0);
  });

  it('logs no recipient, content or key through all of it', async () => {
    const lines = [...cloud.logs('local-messages-api'), ...cloud.logs(SENDER)].join('\n');
    expect(lines).toContain('Message sent');
    for (const value of ['@example.com', '+1202555014', apiKey, 'eventually', 'once only']) {
      expect(lines).not.toContain(value);
    }
  });
});
