import { describe, expect, it } from 'vitest';
import { benchmarkLocalCloud } from '../../src/index.js';

describe('benchmarkLocalCloud', () => {
  it('moves every item through SQS, the function and DynamoDB and reports both throughputs', async () => {
    const result = await benchmarkLocalCloud(60);
    expect(result.items).toBe(60);
    expect(result.startMs).toBeGreaterThan(0);
    expect(result.sqsToDynamoDbPerSecond).toBeGreaterThan(0);
    expect(result.batchWriteItemPerSecond).toBeGreaterThan(0);
  });
});
