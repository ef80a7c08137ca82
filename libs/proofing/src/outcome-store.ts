import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { JobType } from '@backend/contracts';
import { aesGcmDecrypt, aesGcmEncrypt, generateGcmIv } from '@backend/crypto';
import type { Context } from 'aws-lambda';

export interface OutcomeStoreOptions {
  jobType: JobType;
  tableName: string;
  /**
   * The job type's 256-bit key stored outcomes are encrypted with: they hold PII (a document's, a vendor's
   * verdict). Read before anything is computed, so a missing or bad key fails before any vendor request.
   */
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
 * The first characters of every outcome item's id (its partition key) of a job type: Powertools writes
 * `<prefix>#<hash of the idempotency key>`. Each function's IAM policy allows it only items starting with its own
 * (`dynamodb:LeadingKeys`).
 */
export const outcomeRecordPrefix = (jobType: JobType): string => `proof-${jobType}#`;

/** Powertools' DynamoDB layer, telling which item (its `id`) holds a payload's outcome. */
class OutcomePersistenceLayer extends DynamoDBPersistenceLayer {
  /** The item id Powertools reads and writes for `payload`; valid once the idempotent function configured it. */
  recordId(payload: { key: string }): string {
    return this.getHashedIdempotencyKey(payload);
  }
}

/**
 * Built on Powertools' idempotency utility (conditional writes to DynamoDB, in-progress records, expiry checked
 * on read, which also covers dynalite's lack of TTL). Powertools stores the function's return value as is, so the
 * function returns the outcome already sealed with AES-256-GCM under the job type's key, bound to its item's id as
 * additional data: an outcome copied to another item, or read by another job type, does not open.
 */
export function createOutcomeStore(options: OutcomeStoreOptions): OutcomeStore {
  let idempotent:
    | ((payload: { key: string }, compute: () => Promise<unknown>, key: Uint8Array) => Promise<Sealed>)
    | undefined;
  let config: IdempotencyConfig | undefined;
  let persistenceStore: OutcomePersistenceLayer | undefined;

  const seal = (key: Uint8Array, recordId: string, value: unknown): Sealed => {
    const iv = generateGcmIv();
    const plaintext = Buffer.from(JSON.stringify(value));
    const data = aesGcmEncrypt({ key, iv, plaintext, aad: Buffer.from(recordId) });
    return { iv: iv.toString('base64'), data: data.toString('base64') };
  };

  return {
    async remember<T>(key: string, compute: () => Promise<T>, context?: Context): Promise<T> {
      if (!idempotent || !persistenceStore) {
        config = new IdempotencyConfig({
          eventKeyJmesPath: 'key',
          expiresAfterSeconds: options.ttlSeconds ?? 3600,
        });
        const store = new OutcomePersistenceLayer({
          tableName: options.tableName,
          ...(options.dynamoClient ? { awsSdkV3Client: options.dynamoClient } : {}),
        });
        persistenceStore = store;
        idempotent = makeIdempotent(
          async (payload: { key: string }, run: () => Promise<unknown>, encryptionKey: Uint8Array) =>
            seal(encryptionKey, store.recordId(payload), await run()),
          { persistenceStore: store, config, keyPrefix: outcomeRecordPrefix(options.jobType).slice(0, -1) },
        );
      }
      if (context) config?.registerLambdaContext(context);
      // Everything sealing needs comes first: a key that cannot be read or derived must fail the job before
      // compute() calls (and bills) a vendor whose outcome could then not be stored.
      const encryptionKey = await options.encryptionKey();
      const payload = { key };
      const sealed = await idempotent(payload, compute, encryptionKey);
      const plaintext = aesGcmDecrypt({
        key: encryptionKey,
        iv: Buffer.from(sealed.iv, 'base64'),
        data: Buffer.from(sealed.data, 'base64'),
        aad: Buffer.from(persistenceStore.recordId(payload)),
      });
      return JSON.parse(plaintext.toString('utf8')) as T;
    },
  };
}
