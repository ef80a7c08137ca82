import type { SQSRecord } from 'aws-lambda';

/** An SQS record as Lambda's event source mapping delivers it; with `groupId`, from a FIFO queue. */
export function sqsRecord(messageId: string, body: unknown, groupId?: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '2',
      SentTimestamp: '1795000000000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1795000000001',
      ...(groupId === undefined
        ? {}
        : { MessageGroupId: groupId, SequenceNumber: '1', MessageDeduplicationId: messageId }),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:messages',
    awsRegion: 'us-east-1',
  };
}
