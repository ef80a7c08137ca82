import { LOCAL_ENVIRONMENT, type ServiceDeclaration } from '@backend/contracts';
import { flagParameters, publicFunctions, publicSecrets, publicTables } from './public-service.js';

// The licensing service's write side as the local cloud deploys it (tools/services lists it); the drift test in
// tools/services holds it to terraform/services/licensing and terraform/stacks/data.

const env = LOCAL_ENVIRONMENT;

/** terraform/stacks/data: providers, their licenses and each license's history. */
export const providersTable = `${env}-licensing-providers`;
/** terraform/stacks/data: upload records and their row errors. */
export const uploadsTable = `${env}-licensing-uploads`;
/** terraform/stacks/data: boards' CSV files, `{compact}/{jurisdiction}/{uploadId}`. */
export const uploadBucket = `${env}-licensing-uploads`;
/** terraform/stacks/data: the secret the SSN sealing, SSN index and cursor keys are derived from. */
export const dataKeyParameter = `/${env}/licensing/data_key`;
/** terraform/services/licensing: the bucket's object-created events, consumed by ingest-licenses. */
export const ingestQueue = `${env}-licensing-ingest`;
/** The audience the licensing API's tokens carry (API Gateway's JWT authorizer checks it). */
export const licensingAudience = 'licensing-api';

/** The resource names tests and the bench reach the service by (`startLicensingHarness`'s `names`). */
export const licensingResourceNames = {
  bucket: uploadBucket,
  ingestQueue,
  uploadsTable,
  providersTable,
  audience: licensingAudience,
  dataKeyParameter,
} as const;

const functionEnvironment = {
  ENVIRONMENT: env,
  PROVIDERS_TABLE: providersTable,
  UPLOADS_TABLE: uploadsTable,
  UPLOAD_BUCKET: uploadBucket,
  DATA_KEY_PARAMETER: dataKeyParameter,
};

/** The read API's routes (served by the ALB in AWS: `alb_routes` in terraform/services/licensing). */
const providers = '/v1/compacts/{compact}/providers';
export const licensingReadRoutes = [
  `GET ${providers}/{providerId}`,
  `POST ${providers}/query`,
  `POST ${providers}/bulk`,
] as const;

const base = '/v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses';
const route = (routeKey: string) => ({ routeKey, jwtAuthorizer: 'licensing' });

/** Development machine clients of the local OAuth issuer: two boards and a compact administrator. */
const boardScopes = (jurisdiction: string) =>
  ['aslp', 'octp', 'coun'].flatMap((c) => [`${jurisdiction}/${c}.write`, `${jurisdiction}/${c}.admin`]);

export const licensingService: ServiceDeclaration = {
  service: 'licensing',
  tables: [
    {
      name: providersTable,
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
        {
          name: 'providers-by-name',
          partitionKey: { name: 'compact', type: 'S' },
          sortKey: { name: 'sortName', type: 'S' },
        },
        {
          name: 'licenses-by-update',
          partitionKey: { name: 'compactJurisdiction', type: 'S' },
          sortKey: { name: 'dateOfUpdate', type: 'S' },
        },
      ],
    },
    { name: uploadsTable, partitionKey: { name: 'uploadId', type: 'S' }, sortKey: { name: 'sk', type: 'S' } },
    ...publicTables,
  ],
  buckets: [
    {
      name: uploadBucket,
      notifications: [{ queue: ingestQueue, events: ['s3:ObjectCreated:*'] }],
    },
  ],
  queues: [
    // modules/queue: a `<name>-dlq` kept 14 days, moved there after 5 receives.
    { name: `${ingestQueue}-dlq`, messageRetentionSeconds: 1_209_600 },
    {
      name: ingestQueue,
      messageRetentionSeconds: 345_600,
      // Six times ingest-licenses' timeout, as AWS advises for Lambda event sources.
      visibilityTimeoutSeconds: 5400,
      deadLetter: { queue: `${ingestQueue}-dlq`, maxReceiveCount: 5 },
    },
  ],
  parameters: [{ name: dataKeyParameter, type: 'SecureString' }, ...flagParameters],
  secrets: publicSecrets,
  jwtAuthorizers: { licensing: { issuer: { localIssuer: true }, audience: [licensingAudience] } },
  oauthClients: [
    { clientId: 'board-oh', scopes: boardScopes('oh') },
    { clientId: 'board-ky', scopes: boardScopes('ky') },
    { clientId: 'compact-aslp', scopes: ['aslp/admin', 'aslp/readGeneral', 'aslp/readSSN'] },
    // Read-only machine clients of the read API: one that sees last four digits, one that may read full SSNs.
    { clientId: 'reader-aslp', scopes: ['aslp/readGeneral'] },
    { clientId: 'reader-octp-ssn', scopes: ['octp/readGeneral', 'octp/readSSN'] },
  ],
  functions: [
    // The public API (public-service.ts): registration and the flag check.
    ...publicFunctions(providersTable),
    {
      name: `${env}-ingest-licenses`,
      app: 'ingest-licenses',
      timeoutSeconds: 900,
      memoryMb: 1024,
      environment: functionEnvironment,
      // One file per invocation: a file that fails is retried alone.
      sqs: [{ queue: ingestQueue, batchSize: 1, reportBatchItemFailures: true }],
    },
    {
      name: `${env}-license-uploads`,
      app: 'license-uploads',
      timeoutSeconds: 30,
      memoryMb: 512,
      environment: functionEnvironment,
      // API Gateway checks the token (issuer, audience, expiry); the function checks the scope the path needs
      // (`{jurisdiction}/{compact}.write`), which a route's fixed scope list cannot name.
      routes: [
        route(`POST ${base}`),
        route(`GET ${base}/bulk-upload`),
        route(`GET ${base}/uploads/{uploadId}`),
      ],
    },
    {
      name: `${env}-licenses-api`,
      app: 'licenses-api',
      timeoutSeconds: 30,
      memoryMb: 512,
      environment: {
        ...functionEnvironment,
        JWT_ISSUER: { oauthIssuerUrl: true },
        JWT_AUDIENCE: licensingAudience,
      },
      // No API Gateway authorizer: the function verifies the token itself, as it must behind the ALB in AWS (its
      // listener rule: `local.alb_routes` in terraform/services/licensing, held to these routes by the drift test).
      routes: [...licensingReadRoutes],
    },
  ],
};
