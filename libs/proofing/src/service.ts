import {
  JOB_TYPES,
  LOCAL_ENVIRONMENT,
  callbackSigningKeyParameterName,
  callbackTokenParameterName,
  jobTypeVariable,
  type JobType,
  type ServiceDeclaration,
} from '@backend/contracts';

// The proofing service as the local cloud deploys it (tools/services lists it); the drift test in tools/services
// holds it to terraform/services/proofing and terraform/stacks/data.

const env = LOCAL_ENVIRONMENT;

/** terraform/stacks/data: the callback tokens the IDP shares with the proofing jobs. */
export const callbackTokenParameter = (type: JobType) => callbackTokenParameterName(env, type);

/** terraform/stacks/data: the keys the jobs sign their callbacks with (X-Signature); the IDP holds them too. */
export const callbackSigningKeyParameter = (type: JobType) => callbackSigningKeyParameterName(env, type);

/** terraform/stacks/data: the secret the jobs derive their outcome encryption key from. */
export const outcomeKeyParameter = `/${env}/proofing/result_encryption_key`;
/** terraform/stacks/data: the jobs' stored first outcomes (Powertools idempotency records). */
export const outcomesTable = `${env}-proofing-outcomes`;
/** terraform/stacks/data: encrypted document images, PUT by the browser through pre-signed URLs. */
export const documentBucket = `${env}-proofing-documents`;

const failuresQueue = `${env}-proofing-failures`;

// What every job reads (libs/proofing's proofingConfigProperties), with local values.
const jobEnvironment = {
  ENVIRONMENT: env,
  // Locally the IDP (the simulator, or a test's callback receiver) listens on the loopback interface.
  CALLBACK_ALLOWED_HOSTS: '127.0.0.1,localhost',
  JOB_BUDGET_MS: '45000',
  IDEMPOTENCY_TABLE: outcomesTable,
  RESULT_KEY_PARAMETER: outcomeKeyParameter,
};
// terraform/services/proofing: 2 retries, events older than 5 minutes dropped, failures to the queue.
const jobAsync = { maxRetryAttempts: 2, maxEventAgeSeconds: 300, onFailure: failuresQueue };

/** terraform/services/proofing (compute) and terraform/stacks/data (its table, bucket and parameters). */
export const proofingService: ServiceDeclaration = {
  service: 'proofing',
  tables: [{ name: outcomesTable, partitionKey: { name: 'id', type: 'S' }, ttlAttribute: 'expiration' }],
  buckets: [
    {
      name: documentBucket,
      notifications: [],
      // The IDP simulator's page runs on a free loopback port and PUTs the images from there.
      cors: [
        {
          allowedOrigins: ['http://127.0.0.1:*', 'http://localhost:*'],
          allowedMethods: ['PUT'],
          allowedHeaders: ['content-type'],
          maxAgeSeconds: 3000,
        },
      ],
    },
  ],
  queues: [
    // modules/queue gives every queue a `<name>-dlq` and moves a message there after 5 receives.
    // A failed event carries PII: kept an hour (every receive before the DLQ), a day in the DLQ (docs/proofing.md).
    { name: `${failuresQueue}-dlq`, messageRetentionSeconds: 86_400 },
    {
      name: failuresQueue,
      messageRetentionSeconds: 3600,
      // Six times proofing-failure's timeout.
      visibilityTimeoutSeconds: 180,
      deadLetter: { queue: `${failuresQueue}-dlq`, maxReceiveCount: 5 },
    },
  ],
  parameters: [
    ...JOB_TYPES.flatMap((kind) => [
      { name: callbackTokenParameter(kind), type: 'SecureString' as const },
      { name: callbackSigningKeyParameter(kind), type: 'SecureString' as const },
    ]),
    // A random local value, generated at first start like the tokens.
    { name: outcomeKeyParameter, type: 'SecureString' as const },
  ],
  functions: [
    {
      name: `${env}-proof-address`,
      app: 'proof-address',
      timeoutSeconds: 60,
      memoryMb: 512,
      environment: {
        ...jobEnvironment,
        CALLBACK_TOKEN_PARAMETER: callbackTokenParameter('address'),
        CALLBACK_SIGNING_KEY_PARAMETER: callbackSigningKeyParameter('address'),
        ADDRESS_VENDOR: 'mock',
      },
      async: jobAsync,
    },
    {
      name: `${env}-proof-resolution`,
      app: 'proof-resolution',
      timeoutSeconds: 60,
      memoryMb: 512,
      environment: {
        ...jobEnvironment,
        CALLBACK_TOKEN_PARAMETER: callbackTokenParameter('resolution'),
        CALLBACK_SIGNING_KEY_PARAMETER: callbackSigningKeyParameter('resolution'),
        RESOLUTION_VENDOR: 'mock',
        STATE_ID_VENDOR: 'mock',
      },
      async: jobAsync,
    },
    {
      name: `${env}-proof-document`,
      app: 'proof-document',
      timeoutSeconds: 60,
      memoryMb: 1024,
      environment: {
        ...jobEnvironment,
        CALLBACK_TOKEN_PARAMETER: callbackTokenParameter('document'),
        CALLBACK_SIGNING_KEY_PARAMETER: callbackSigningKeyParameter('document'),
        DOCUMENT_BUCKET: documentBucket,
        DOCUMENT_VENDOR: 'mock',
      },
      async: jobAsync,
    },
    {
      name: `${env}-proofing-failure`,
      app: 'proofing-failure',
      timeoutSeconds: 30,
      memoryMb: 512,
      environment: {
        ENVIRONMENT: env,
        CALLBACK_ALLOWED_HOSTS: jobEnvironment.CALLBACK_ALLOWED_HOSTS,
        // Every job type's token and signing key parameters (apps/proofing-failure/src/config.ts).
        ...Object.fromEntries(
          JOB_TYPES.flatMap((type) => [
            [jobTypeVariable(type, 'TOKEN_PARAMETER'), callbackTokenParameter(type)],
            [jobTypeVariable(type, 'SIGNING_KEY_PARAMETER'), callbackSigningKeyParameter(type)],
          ]),
        ),
        REPORT_BUDGET_MS: '20000',
      },
      sqs: [{ queue: failuresQueue, batchSize: 10, reportBatchItemFailures: true }],
    },
  ],
};
