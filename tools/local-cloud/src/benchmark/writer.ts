import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

const dynamodb = new DynamoDBClient({});

/** The benchmark's consumer: writes each SQS record as one item, as an ingest function would. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  for (let i = 0; i < event.Records.length; i += 25) {
    const records = event.Records.slice(i, i + 25);
    await dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [process.env.TABLE_NAME!]: records.map((r) => ({
            PutRequest: { Item: { id: { S: r.messageId }, body: { S: r.body } } },
          })),
        },
      }),
    );
  }
  return { batchItemFailures: [] };
};
