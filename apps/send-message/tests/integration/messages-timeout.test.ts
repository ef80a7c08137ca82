import type { Message } from '@aws-sdk/client-sqs';
import { messagesService, outboxQueue } from '@backend/messages';
import { mailsTo, overrideDeclaration, waitFor } from '@backend/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMessagesCloud, type MessagesCloud } from '../support/messages-cloud.js';

// The fault suite's "function timing out mid-batch" for the messages service (docs/reliability.md, "MT" there):
// the local cloud's runtime stops send-message at its timeout as Lambda does, in the middle of a batch, and every
// outcome is read from outside: the API's view of each message, the local SES inbox, the dead-letter queue.
const SENDER = 'local-send-message';
const TIMEOUT_SECONDS = 3;

/**
 * The declared service with send-message's timeout at 3 s (30 s declared), its claim on a message at 10 s (60 s;
 * longer than the timeout, and the least the config allows) and the outbox's visibility timeout at 14 s (180 s:
 * above the timeout and the claim), so a batch Lambda stopped comes back within the test, its claims expired; a
 * batching window puts the records sent together in one batch.
 */
const shortTimeout = overrideDeclaration(messagesService, {
  queues: { [outboxQueue]: { visibilityTimeoutSeconds: 14 } },
  functions: {
    [SENDER]: (fn) => ({
      timeoutSeconds: TIMEOUT_SECONDS,
      environment: { ...fn.environment, CLAIM_SECONDS: '10' },
      sqs: (fn.sqs ?? []).map((source) => ({ ...source, maximumBatchingWindowSeconds: 1 })),
    }),
  },
});

let messages: MessagesCloud;

beforeAll(async () => {
  messages = await startMessagesCloud(shortTimeout, { name: 'timeout' });
});
afterAll(() => messages?.stop());

describe('send-message stopped by its Lambda timeout mid-batch', () => {
  it(
    'ends every message sent once or failed DELIVERY_UNKNOWN in the DLQ, and never sends a mail twice',
    { timeout: 60_000 },
    async () => {
      const { cloud } = messages;
      // The first two SES sends go through; the next two hang (as a connection can) past the timeout, once each:
      // Lambda stops the invocation with the batch half sent.
      await cloud.injectFault({
        target: 'ses:SendEmail',
        effect: { type: 'latency', ms: 60_000 },
        after: 2,
        times: 2,
      });
      const recipients = Array.from({ length: 4 }, () => `timeout-${randomUUID().slice(0, 8)}@example.com`);
      const accepted = await Promise.all(
        recipients.map((to) => messages.post({ msg_id: to, subject: 'Batch', msg: 'sent once at most' })),
      );
      expect(accepted.map((response) => response.status)).toEqual([202, 202, 202, 202]);
      const sent = accepted.map((response, i) => ({ to: recipients[i]!, id: response.body.message_id }));

      const outcomes = await waitFor(async () => {
        const views = await Promise.all(sent.map(({ to, id }) => messages.view(to, id)));
        return views.every((v) => v.status === 'sent' || v.status === 'failed') ? views : undefined;
      }, 45_000);
      expect(
        cloud
          .logs(SENDER)
          .some((line) => line.endsWith(`Task timed out after ${TIMEOUT_SECONDS}.00 seconds`)),
      ).toBe(true);
      expect((await cloud.faults())[0]).toMatchObject({ fired: 2 });

      // Exactly the two sends SES answered reached the inbox; the two cut off never did, and none was repeated.
      const mails = await Promise.all(recipients.map((to) => mailsTo(cloud.sesUrl, to)));
      expect(mails.flat()).toHaveLength(2);
      const failed = outcomes.filter((v) => v.status === 'failed');
      expect(failed.length).toBeGreaterThanOrEqual(2);
      outcomes.forEach((v, i) => {
        if (v.status === 'sent') expect(mails[i]).toHaveLength(1);
        else expect(v.failure_reason).toMatch(/^DELIVERY_UNKNOWN: /);
      });

      // Each failed message is in the DLQ once, with its reason.
      const letters: Message[] = [];
      await waitFor(async () => {
        const Messages = await messages.deadLetters();
        letters.push(...Messages);
        return letters.length >= failed.length ? true : undefined;
      });
      expect(letters.map((m) => m.MessageAttributes?.['failure_code']?.StringValue)).toEqual(
        failed.map(() => 'DELIVERY_UNKNOWN'),
      );
      expect(letters.map((m) => (JSON.parse(m.Body!) as { message_id: string }).message_id).sort()).toEqual(
        failed.map((v) => v.message_id).sort(),
      );
      const logs = cloud.logs(SENDER).join('\n');
      for (const to of recipients) expect(logs).not.toContain(to);
    },
  );
});
