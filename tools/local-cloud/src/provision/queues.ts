import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDeclaration } from '@backend/contracts';
import { ACCOUNT_ID } from '../emulators/constants.js';
import { DeclarationError } from '../errors.js';

/** The URLs and ARNs of the declared queues; an undeclared name is a `DeclarationError`. */
export class QueueDirectory {
  private readonly urls = new Map<string, string>();

  constructor(private readonly region: string) {}

  url(name: string): string {
    const url = this.urls.get(name);
    if (url === undefined) throw new DeclarationError(`Queue ${name} is not declared`);
    return url;
  }

  /** The ARN of a declared queue. */
  arn(name: string): string {
    this.url(name);
    return this.arnOf(name);
  }

  has(name: string): boolean {
    return this.urls.has(name);
  }

  add(name: string, url: string): void {
    this.urls.set(name, url);
  }

  arnOf(name: string): string {
    return `arn:aws:sqs:${this.region}:${ACCOUNT_ID}:${name}`;
  }
}

/** Dead-letter queues first, so a redrive policy can name an existing ARN. */
function queuesInOrder(queues: readonly QueueDeclaration[]): QueueDeclaration[] {
  const dlqs = new Set(queues.flatMap((q) => (q.deadLetter === undefined ? [] : [q.deadLetter.queue])));
  return [...queues.filter((q) => dlqs.has(q.name)), ...queues.filter((q) => !dlqs.has(q.name))];
}

/** Creates the declared queues with their attributes and redrive policies, into `directory`. */
export async function createQueues(
  sqs: SQSClient,
  queues: readonly QueueDeclaration[],
  directory: QueueDirectory,
): Promise<void> {
  for (const queue of queuesInOrder(queues)) {
    const attributes: Record<string, string> = {};
    if (queue.visibilityTimeoutSeconds !== undefined)
      attributes.VisibilityTimeout = String(queue.visibilityTimeoutSeconds);
    if (queue.messageRetentionSeconds !== undefined)
      attributes.MessageRetentionPeriod = String(queue.messageRetentionSeconds);
    if (queue.delaySeconds !== undefined) attributes.DelaySeconds = String(queue.delaySeconds);
    if (queue.deadLetter !== undefined) {
      if (!directory.has(queue.deadLetter.queue)) {
        throw new DeclarationError(
          `Dead-letter queue ${queue.deadLetter.queue} of ${queue.name} is not declared`,
        );
      }
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: directory.arnOf(queue.deadLetter.queue),
        maxReceiveCount: queue.deadLetter.maxReceiveCount,
      });
    }
    const created = await sqs.send(new CreateQueueCommand({ QueueName: queue.name, Attributes: attributes }));
    directory.add(queue.name, created.QueueUrl!);
  }
}
