import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MessageView, ServiceDeclaration } from '@backend/contracts';
import { ApiKeyStore, apiKeysTable, outboxQueue } from '@backend/messages';
import { createDocumentClient } from '@backend/persistence';
import { startLocalCloud, waitFor, type TestLocalCloud } from '@backend/testing';

/** A local cloud with the messages service (as a fault test declares it), one API key and a client's calls. */
export interface MessagesCloud {
  readonly cloud: TestLocalCloud;
  readonly client: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly apiKey: string;
  /** `POST /msg`: a 202's `{ message_id, msg_id, status }` or an error envelope. */
  post(
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: { message_id: string; error?: { code: string } } }>;
  /** `GET /msg/{msg_id}/{message_id}`. */
  view(msgId: string, messageId: string): Promise<MessageView>;
  /** The message once it is `sent` or `failed`. */
  final(msgId: string, messageId: string, timeoutMs?: number): Promise<MessageView>;
  /** Everything in the outbox's DLQ now (each received once, then left invisible for the rest of the file). */
  deadLetters(): Promise<Message[]>;
  stop(): Promise<void>;
}

export async function startMessagesCloud(
  declaration: ServiceDeclaration,
  key: { name: string; recipients?: string[] },
): Promise<MessagesCloud> {
  const cloud = await startLocalCloud({ services: [declaration] });
  const client = createDocumentClient(cloud.clientConfig);
  const sqs = new SQSClient(cloud.clientConfig);
  const keys = new ApiKeyStore({ client, tableName: apiKeysTable });
  const { apiKey } = await keys.issue({
    name: key.name,
    domains: ['example.com'],
    ...(key.recipients === undefined ? {} : { recipients: key.recipients }),
    rateLimitPerMinute: 10_000,
  });
  const view = async (msgId: string, messageId: string) => {
    const response = await fetch(`${cloud.httpApiUrl}/msg/${encodeURIComponent(msgId)}/${messageId}`, {
      headers: { 'x-api-key': apiKey },
    });
    return (await response.json()) as MessageView;
  };
  return {
    cloud,
    client,
    sqs,
    apiKey,
    async post(body, headers = {}) {
      const response = await fetch(`${cloud.httpApiUrl}/msg`, {
        method: 'POST',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        body: (await response.json()) as { message_id: string; error?: { code: string } },
      };
    },
    view,
    final: (msgId, messageId, timeoutMs = 20_000) =>
      waitFor(async () => {
        const message = await view(msgId, messageId);
        return message.status === 'sent' || message.status === 'failed' ? message : undefined;
      }, timeoutMs),
    async deadLetters() {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: cloud.queueUrl(`${outboxQueue}-dlq`),
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: 600,
        }),
      );
      return Messages;
    },
    async stop() {
      client.destroy();
      sqs.destroy();
      await cloud.stop();
    },
  };
}
