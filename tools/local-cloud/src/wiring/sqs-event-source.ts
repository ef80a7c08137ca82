import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqsEventSource } from '@backend/contracts';
import type { InvocationResult } from '../runtime/types.js';

export interface SqsEventSourceOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly source: SqsEventSource;
  readonly invoke: (event: string) => Promise<InvocationResult>;
  readonly log: (line: string) => void;
}

function lambdaAttribute(value: MessageAttributeValue) {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
    ...(value.BinaryValue === undefined ? {} : { binaryValue: base64(value.BinaryValue) }),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
    dataType: value.DataType,
  };
}

/** The SQS record Lambda hands to a function (`event.Records[]`). */
export function toLambdaRecord(message: Message, queueArn: string, region: string) {
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    attributes: message.Attributes ?? {},
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, lambdaAttribute(value)]),
    ),
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * Which messages of a batch to delete. A function error keeps them all (they return after the visibility
 * timeout); a partial batch response keeps the listed ones; a malformed response counts as a failed batch,
 * as Lambda treats it.
 */
export function messagesToDelete(
  result: InvocationResult,
  batch: readonly Message[],
  reportFailures: boolean,
): Message[] {
  if (result.error !== undefined) return [];
  if (!reportFailures) return [...batch];
  let response: unknown;
  try {
    response = JSON.parse(result.payload);
  } catch {
    return [];
  }
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (response === null || failures === undefined || failures === null) return [...batch];
  if (!Array.isArray(failures)) return [];
  const ids = new Set(batch.map((m) => m.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return batch.filter((m) => !failed.has(m.MessageId!));
}

/** An SQS event source mapping: long-polls a queue and invokes the function with batches. */
export class SqsEventSourceMapping {
  private readonly abort = new AbortController();
  private readonly pollers: Promise<void>[] = [];
  readonly uuid = randomUUID();

  constructor(private readonly options: SqsEventSourceOptions) {}

  /** What `aws lambda get-event-source-mapping` shows of it. */
  describe(functionArn: string) {
    const { source, queueArn } = this.options;
    return {
      UUID: this.uuid,
      EventSourceArn: queueArn,
      FunctionArn: functionArn,
      BatchSize: source.batchSize ?? 10,
      MaximumBatchingWindowInSeconds: source.maximumBatchingWindowSeconds ?? 0,
      FunctionResponseTypes: source.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
      ScalingConfig: { MaximumConcurrency: source.maximumConcurrency ?? 2 },
      State: this.stopped ? 'Disabled' : 'Enabled',
      StateTransitionReason: 'USER_INITIATED',
    };
  }

  start(): void {
    const concurrency = Math.max(1, this.options.source.maximumConcurrency ?? 2);
    for (let i = 0; i < concurrency; i += 1) this.pollers.push(this.poll());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.pollers);
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async receive(max: number, waitSeconds: number): Promise<Message[]> {
    const response = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    return response.Messages ?? [];
  }

  /** Gathers up to batchSize messages, waiting at most the batching window once the first has arrived. */
  private async collect(): Promise<Message[]> {
    const { batchSize = 10, maximumBatchingWindowSeconds = 0 } = this.options.source;
    const batch: Message[] = [];
    let deadline = Number.POSITIVE_INFINITY;
    while (!this.stopped && batch.length < batchSize) {
      const remaining = deadline - Date.now();
      if (batch.length > 0 && remaining <= 0) break;
      const wait = batch.length === 0 ? 20 : Math.min(20, Math.floor(remaining / 1000));
      const messages = await this.receive(Math.min(10, batchSize - batch.length), wait);
      if (batch.length === 0 && messages.length > 0)
        deadline = Date.now() + maximumBatchingWindowSeconds * 1000;
      for (const message of messages) {
        // A message seen again within the window (its visibility ran out) counts once, with its newest handle.
        const seen = batch.findIndex((m) => m.MessageId === message.MessageId);
        if (seen >= 0) batch[seen] = message;
        else batch.push(message);
      }
      if (batch.length > 0 && maximumBatchingWindowSeconds === 0) break;
      if (messages.length === 0 && wait === 0) await sleep(Math.min(50, Math.max(0, remaining)));
    }
    return batch;
  }

  private async poll(): Promise<void> {
    const { reportBatchItemFailures = false } = this.options.source;
    while (!this.stopped) {
      try {
        const batch = await this.collect();
        if (batch.length === 0) continue;
        const event = {
          Records: batch.map((m) => toLambdaRecord(m, this.options.queueArn, this.options.region)),
        };
        const result = await this.options.invoke(JSON.stringify(event));
        const done = messagesToDelete(result, batch, reportBatchItemFailures);
        for (let i = 0; i < done.length; i += 10) {
          await this.options.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: this.options.queueUrl,
              Entries: done
                .slice(i, i + 10)
                .map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
      } catch (error) {
        if (this.stopped) return;
        this.options.log(`SQS poller of ${this.options.queueArn}: ${(error as Error).message}`);
        await sleep(500, undefined, { signal: this.abort.signal }).catch(() => undefined);
      }
    }
  }
}
