// The messages service through the local cloud (issue 10, Performance; see docs/performance.md): accepted
// POST /msg per second, and the time from POST to `sent` against a direct SES SendEmail in the same run.
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiKeyStore, apiKeysTable, messagesService, messagesTable, sortKeyOf } from '@backend/messages';
import { createDocumentClient } from '@backend/persistence';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadNote, measuredOn, thisMachine, today, wrapSection, writeSection, type Machine } from './doc.js';
import { latencies, overhead, type Latencies } from './stats.js';

const SENT_TIMEOUT_MS = 10_000;
/** How often the table is read while waiting for `sent`: the resolution of the POST-to-sent times. */
const POLL_MS = 2;

export interface MessagesFigures {
  /** Accepted POST /msg per second with `concurrency` requests in flight, sending running meanwhile. */
  acceptedPerSecond: number;
  posts: number;
  concurrency: number;
  /** POST to `sent`, one message at a time. */
  toSent: Latencies;
  /** A direct SES SendEmail through the same local cloud, paired with each message. */
  baseline: Latencies;
  overhead: { p50: number; p99: number };
  warmup: number;
}

export function summarizeMessages(input: {
  posts: number;
  concurrency: number;
  postsMs: number;
  toSentMs: readonly number[];
  baselineMs: readonly number[];
  warmup: number;
}): MessagesFigures {
  if (input.toSentMs.length === 0 || input.postsMs <= 0) throw new Error('no messages samples');
  const toSent = latencies(input.toSentMs);
  const baseline = latencies(input.baselineMs);
  return {
    acceptedPerSecond: input.posts / (input.postsMs / 1000),
    posts: input.posts,
    concurrency: input.concurrency,
    toSent,
    baseline,
    overhead: overhead(toSent, baseline),
    warmup: input.warmup,
  };
}

async function post(cloud: TestLocalCloud, key: string, n: number): Promise<string> {
  const response = await fetch(`${cloud.httpApiUrl}/msg`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: JSON.stringify({
      msg_id: `bench-${n % 50}@example.com`,
      subject: `Bench ${n}`,
      msg: 'A benchmark message.',
    }),
  });
  const body = (await response.json()) as { message_id?: string };
  if (response.status !== 202 || body.message_id === undefined) {
    throw new Error(`POST /msg answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.message_id;
}

async function untilSent(client: DynamoDBDocumentClient, msgId: string, messageId: string): Promise<void> {
  const deadline = performance.now() + SENT_TIMEOUT_MS;
  for (;;) {
    const { Item } = await client.send(
      new GetCommand({
        TableName: messagesTable,
        Key: { msg_id: msgId, ts: sortKeyOf(messageId) },
        ConsistentRead: true,
      }),
    );
    if (Item?.['status'] === 'sent') return;
    if (Item?.['status'] === 'failed')
      throw new Error(`message ${messageId} failed: ${String(Item['failure_reason'])}`);
    if (performance.now() > deadline)
      throw new Error(`message ${messageId} not sent within ${SENT_TIMEOUT_MS} ms`);
    await sleep(POLL_MS);
  }
}

/**
 * `posts` accepted POSTs with `concurrency` in flight (send-message consuming the outbox meanwhile, as it would),
 * then `warmup + messages` messages one at a time, each timed from just before its POST to its status `sent`
 * (read from the table every 2 ms), each paired with a direct SES SendEmail through the same edge; which of the
 * pair goes first alternates.
 */
export async function measureMessages(options: {
  posts: number;
  concurrency: number;
  messages: number;
  warmup: number;
}): Promise<MessagesFigures> {
  const cloud = await startLocalCloud({ services: [messagesService] });
  const client = createDocumentClient(cloud.clientConfig);
  const ses = new SESClient(cloud.clientConfig);
  try {
    const { apiKey } = await new ApiKeyStore({ client, tableName: apiKeysTable }).issue({
      name: 'bench',
      domains: ['example.com'],
      rateLimitPerMinute: 100_000,
    });
    // Warm both functions before anything is timed.
    await untilSent(client, 'bench-0@example.com', await post(cloud, apiKey, 0));

    // `count` POSTs with `concurrency` in flight.
    const burst = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (next < count) await post(cloud, apiKey, next++);
        }),
      );
    };
    // Untimed first: one execution environment per request in flight starts (cold) during it.
    await burst(options.concurrency * 4);
    const started = performance.now();
    await burst(options.posts);
    const postsMs = performance.now() - started;
    await cloud.drain();

    const toSentMs: number[] = [];
    const baselineMs: number[] = [];
    const message = async (n: number) => {
      const t0 = performance.now();
      const messageId = await post(cloud, apiKey, n);
      await untilSent(client, `bench-${n % 50}@example.com`, messageId);
      return performance.now() - t0;
    };
    const direct = async (n: number) => {
      const t0 = performance.now();
      await ses.send(
        new SendEmailCommand({
          Source: 'messages@example.test',
          Destination: { ToAddresses: [`bench-${n % 50}@example.com`] },
          Message: { Subject: { Data: `Bench ${n}` }, Body: { Text: { Data: 'A benchmark message.' } } },
        }),
      );
      return performance.now() - t0;
    };
    for (let n = 0; n < options.warmup + options.messages; n++) {
      let sent: number;
      let baseline: number;
      if (n % 2 === 0) {
        sent = await message(n);
        baseline = await direct(n);
      } else {
        baseline = await direct(n);
        sent = await message(n);
      }
      if (n >= options.warmup) {
        toSentMs.push(sent);
        baselineMs.push(baseline);
      }
    }
    const failures = [...cloud.logs('local-messages-api'), ...cloud.logs('local-send-message')].filter(
      (line) => /"level":"(ERROR|WARN)"/.test(line),
    );
    if (failures.length > 0)
      throw new Error(`the messages functions logged ${failures.length} warnings or errors`);
    return summarizeMessages({
      posts: options.posts,
      concurrency: options.concurrency,
      postsMs,
      toSentMs,
      baselineMs,
      warmup: options.warmup,
    });
  } finally {
    client.destroy();
    ses.destroy();
    await cloud.stop();
  }
}

const ms = (value: number): string => value.toFixed(1);

export function renderMessagesSection(f: MessagesFigures, machine: Machine, date: string): string {
  return wrapSection('messages', [
    `${measuredOn(date, machine)}. ${f.posts} accepted POSTs with ${f.concurrency} in flight; then ${f.toSent.count} messages after ${f.warmup} warm-up ones, one at a time, each paired with a direct SES SendEmail.${loadNote(machine)}`,
    '',
    '| accepted `POST /msg` through the local cloud (HTTP API, messages-api, DynamoDB, SQS) | per second |',
    '|---|--:|',
    `| ${f.concurrency} requests in flight, send-message consuming the outbox meanwhile | ${Math.round(f.acceptedPerSecond)} |`,
    '',
    '| time | samples | p50 ms | p99 ms | max ms |',
    '|---|--:|--:|--:|--:|',
    `| \`POST /msg\` to status \`sent\` (queue, send-message, SES \`SendEmail\`, status update; read every ${POLL_MS} ms) | ${f.toSent.count} | ${ms(f.toSent.p50)} | ${ms(f.toSent.p99)} | ${ms(f.toSent.max)} |`,
    `| baseline: a direct SES \`SendEmail\` through the same edge | ${f.baseline.count} | ${ms(f.baseline.p50)} | ${ms(f.baseline.p99)} | ${ms(f.baseline.max)} |`,
    `| what the service adds (per percentile) | | ${ms(f.overhead.p50)} | ${ms(f.overhead.p99)} | |`,
  ]);
}

/** Measures, prints and (with `doc`) records the messages figures. The issue sets no target: always true. */
export async function runMessages(options: {
  posts: number;
  concurrency: number;
  messages: number;
  warmup: number;
  doc: string | undefined;
}): Promise<boolean> {
  console.log(
    `Messages: ${options.posts} POSTs, then ${options.messages} messages to sent, through the local cloud ...`,
  );
  const figures = await measureMessages(options);
  const section = renderMessagesSection(figures, thisMachine(), today());
  console.log(section);
  if (options.doc !== undefined) {
    await writeSection(options.doc, 'messages', section);
    console.log(`Wrote the messages figures to ${options.doc}`);
  }
  return true;
}
