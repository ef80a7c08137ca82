import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  QueueDoesNotExist,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { AwsServiceError, pageOf, requiredString, type JsonInput } from '../edge/json-rpc.js';

/**
 * `ListDeadLetterSourceQueues`, which fauxqs lacks: the queues whose redrive policy names this queue as their
 * dead-letter queue (what an operator asks before redriving a DLQ). Read from fauxqs through the SDK, so queues
 * made at run time count too.
 */
export async function listDeadLetterSourceQueues(sqs: SQSClient, input: JsonInput) {
  const queueUrl = requiredString(input, 'QueueUrl');
  let dlqArn: string | undefined;
  try {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    dlqArn = Attributes?.QueueArn;
  } catch (error) {
    if (error instanceof QueueDoesNotExist || (error as Error).name === 'QueueDoesNotExist') {
      throw new AwsServiceError(
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      );
    }
    throw error;
  }
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
  const sources: string[] = [];
  for (const url of QueueUrls) {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }),
    );
    const policy = Attributes?.RedrivePolicy;
    if (
      policy !== undefined &&
      (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn === dlqArn
    ) {
      sources.push(url);
    }
  }
  const { items, nextToken } = pageOf(sources.sort(), input, 1000);
  return { queueUrls: items, ...nextToken };
}
