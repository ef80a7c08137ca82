import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { aesGcmDecrypt, aesGcmEncrypt, generateGcmIv } from '@backend/crypto';
import type { Context } from 'aws-lambda';
import type { JobType } from './job-types.js';

export interface OutcomeStoreOptions {
  jobType: JobType;
  tableName: string;
  /** The 256-bit key stored outcomes are encrypted with: they hold PII (a document's, a vendor's verdict). */
  encryptionKey: () => Promise<Uint8Array>;
  /** How long an outcome is kept; a retry after that runs the job again. */
  ttlSeconds?: number;
  dynamoClient?: DynamoDBClient;
}

/** Remembers the first outcome of each job, so a retried or duplicated invocation calls no vendor again. */
export interface OutcomeStore {
  /** The stored outcome of `key`, or `compute()` run once, stored encrypted with an expiry, and returned. */
  remember<T>(key: string, compute: () => Promise<T>, context?: Context): Promise<T>;
}

interface Sealed {
  iv: string;
  data: string;
}

/**
 * Built on Powertools' idempotency utility (conditional writes to DynamoDB, in-progress records, expiry checked
 * on read, which also covers dynalite's lack of TTL). Powertools stores the function's return value as is, so the
 * function returns the outcome already sealed with AES-256-GCM, bound to its key as additional data.
 */
export function createOutcomeStore(options: OutcomeStoreOptions): OutcomeStore {
  let idempotent:
    ((payload: { key: string }, compute: () => Promise<unknown>) => Promise<Sealed>) | undefined;
  let config: IdempotencyConfig | undefined;

  const seal = async (key: string, value: unknown): Promise<Sealed> => {
    const iv = generateGcmIv();
    const plaintext = Buffer.from(JSON.stringify(value));
    const data = aesGcmEncrypt({ key: await options.encryptionKey(), iv, plaintext, aad: Buffer.from(key) });
    return { iv: iv.toString('base64'), data: data.toString('base64') };
  };

  return {
    async remember<T>(key: string, compute: () => Promise<T>, context?: Context): Promise<T> {
      if (!idempotent) {
        config = new IdempotencyConfig({
          eventKeyJmesPath: 'key',
          expiresAfterSeconds: options.ttlSeconds ?? 3600,
        });
        const persistenceStore = new DynamoDBPersistenceLayer({
          tableName: options.tableName,
          ...(options.dynamoClient ? { awsSdkV3Client: options.dynamoClient } : {}),
        });
        idempotent = makeIdempotent(
          async (payload: { key: string }, run: () => Promise<unknown>) => seal(payload.key, await run()),
          { persistenceStore, config, keyPrefix: `proof-${options.jobType}` },
        );
      }
      if (context) config?.registerLambdaContext(context);
      const sealed = await idempotent({ key }, compute);
      const plaintext = aesGcmDecrypt({
        key: await options.encryptionKey(),
        iv: Buffer.from(sealed.iv, 'base64'),
        data: Buffer.from(sealed.data, 'base64'),
        aad: Buffer.from(key),
      });
      return JSON.parse(plaintext.toString('utf8')) as T;
    },
  };
}
