import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  clearFaults,
  FaultControlError,
  injectFault,
  listFaults,
  startLocalCloud,
  type TestLocalCloud,
} from '../../src/index.js';

let cloud: TestLocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({
    services: [
      { service: 'faults-helper-test', tables: [{ name: 'rows', partitionKey: { name: 'id', type: 'S' } }] },
    ],
  });
});

afterEach(() => clearFaults(cloud));

afterAll(() => cloud.stop());

describe('injectFault / listFaults / clearFaults', () => {
  it('adds a rule the SDK then meets, counts it, and clears it', async () => {
    const rule = await injectFault(cloud, {
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
      times: 1,
    });
    expect(rule).toMatchObject({ target: 'dynamodb:PutItem', matched: 0, fired: 0 });
    const dynamodb = new DynamoDBClient({ ...cloud.clientConfig, maxAttempts: 1 });
    const put = () => dynamodb.send(new PutItemCommand({ TableName: 'rows', Item: { id: { S: '1' } } }));
    await expect(put()).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    await put();
    expect(await listFaults(cloud)).toEqual([{ ...rule, matched: 2, fired: 1 }]);
    await clearFaults(cloud);
    expect(await cloud.faults()).toEqual([]);
  });

  it('is on the test cloud object too', async () => {
    await cloud.injectFault({ target: 's3:GetObject', effect: { type: 'latency', ms: 5 } });
    expect((await cloud.faults()).map((f) => f.target)).toEqual(['s3:GetObject']);
    await cloud.clearFaults();
    expect(await listFaults(cloud)).toEqual([]);
  });

  it('throws FaultControlError with the endpoint’s code and message for a rule it refuses', async () => {
    const refused = await injectFault(cloud, {
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'SlowDown' },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FaultControlError);
    expect(refused).toMatchObject({ status: 400, code: 'InvalidFaultRule' });
    expect((refused as Error).message).toMatch(/effect.code for dynamodb must be one of/);
  });
});
