import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { JobType } from '@backend/contracts';
import { DecryptionError } from '@backend/crypto';
import { ConfigError } from '@backend/platform';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createOutcomeStore,
  deriveOutcomeKey,
  outcomeRecordPrefix,
  type OutcomeStore,
} from '../../src/index.js';

// The outcome store against the DynamoDB wire protocol (the local cloud's dynalite).
const TABLE = 'test-proofing-outcomes';
const SECRET = 'c0ffee-0123456789abcdef0123456789abcdef-outcomes';

let cloud: TestLocalCloud;
let dynamo: DynamoDBClient;
beforeAll(async () => {
  cloud = await startLocalCloud({
    services: [
      {
        service: 'outcome-store-test',
        tables: [{ name: TABLE, partitionKey: { name: 'id', type: 'S' }, ttlAttribute: 'expiration' }],
      },
    ],
  });
  dynamo = new DynamoDBClient(cloud.clientConfig);
});
afterAll(async () => {
  dynamo?.destroy();
  await cloud?.stop();
});

const store = (jobType: JobType, encryptionKey = async () => deriveOutcomeKey(SECRET, jobType)) =>
  createOutcomeStore({ jobType, tableName: TABLE, encryptionKey, dynamoClient: dynamo });
let results = 0;
const resultUrl = () => `https://idp.example.gov/api/proofing_results/${++results}`;
const scan = async () => (await dynamo.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];

/** Stores `value` as the outcome of `url` and returns the item Powertools wrote for it. */
async function remembered(outcomes: OutcomeStore, url: string, value: unknown) {
  const before = new Set((await scan()).map((item) => item.id?.S));
  await outcomes.remember(url, async () => value);
  const written = (await scan()).filter((item) => !before.has(item.id?.S));
  expect(written).toHaveLength(1);
  return written[0]!;
}

describe('outcome store', () => {
  it('reads the key before computing: an unusable key fails without calling the vendor', async () => {
    const vendor = vi.fn(async () => ({ success: true }));
    const broken = store('address', async () =>
      deriveOutcomeKey('PLACEHOLDER-set-with-tools-secrets', 'address'),
    );
    await expect(broken.remember(resultUrl(), vendor)).rejects.toBeInstanceOf(ConfigError);
    expect(vendor).not.toHaveBeenCalled();
  });

  it("writes each job type's items under its own id prefix, the one its IAM policy allows", async () => {
    const item = await remembered(store('resolution'), resultUrl(), { success: true });
    expect(item.id?.S).toMatch(new RegExp(`^${outcomeRecordPrefix('resolution')}[A-Za-z0-9+/]+=*$`));
  });

  it("does not open another job type's outcome moved into its item, and calls no vendor then", async () => {
    const url = resultUrl();
    const forged = await remembered(store('resolution'), url, {
      success: true,
      transaction_id: 'resolution',
    });
    const own = await remembered(store('address'), url, { success: false });
    // Someone with write access to the table moves the resolution outcome into the address item.
    await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: { ...forged, id: own.id! } }));
    const vendor = vi.fn(async () => ({ success: true }));
    await expect(store('address').remember(url, vendor)).rejects.toBeInstanceOf(DecryptionError);
    expect(vendor).not.toHaveBeenCalled();
  });

  it('does not open an outcome moved to another item of the same job type', async () => {
    const source = await remembered(store('address'), resultUrl(), { success: true });
    const targetUrl = resultUrl();
    const target = await remembered(store('address'), targetUrl, { success: false });
    await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: { ...source, id: target.id! } }));
    await expect(
      store('address').remember(targetUrl, async () => ({ success: true })),
    ).rejects.toBeInstanceOf(DecryptionError);
  });
});
