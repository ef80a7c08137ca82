import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ServiceDeclaration } from '@backend/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { overrideDeclaration, type DeclarationOverrides } from './declarations.js';
import { WaitTimeoutError } from './errors.js';
import { startLocalCloud, type StartLocalCloudOptions, type TestLocalCloud } from './local-cloud.js';
import { clientCredentialsToken } from './oauth.js';

/** The names the licensing service declares (libs/licensing exports them; this lib may not import it). */
export interface LicensingNames {
  readonly bucket: string;
  readonly ingestQueue: string;
  readonly uploadsTable: string;
  readonly providersTable: string;
  readonly audience: string;
  /** The SSM parameter the licensing keys are derived from. */
  readonly dataKeyParameter: string;
}

/** A valid license of the `aslp` compact (an audiologist in Ohio), with `overrides` applied. */
export const sampleLicense = (
  ssn: string,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> => ({
  ssn,
  givenName: 'Jane',
  familyName: 'Doe',
  dateOfIssuance: '2020-01-01',
  dateOfExpiration: '2030-01-01',
  dateOfBirth: '1980-02-29',
  homeAddressStreet1: '1 Main St',
  homeAddressCity: 'Columbus',
  homeAddressState: 'OH',
  homeAddressPostalCode: '43004',
  licenseType: 'audiologist',
  licenseStatus: 'active',
  compactEligibility: 'eligible',
  ...overrides,
});

const REQUIRED_COLUMNS = Object.keys(sampleLicense(''));

/**
 * A license CSV file: a header of `columns` (the required fields by default) and one line per license, cells
 * written as given (a test quotes a cell itself), CRLF line ends as spreadsheets write them.
 */
export function licensesCsv(
  licenses: readonly Readonly<Record<string, string>>[],
  columns: readonly string[] = REQUIRED_COLUMNS,
): string {
  return [columns.join(','), ...licenses.map((license) => columns.map((c) => license[c] ?? '').join(','))]
    .map((line) => `${line}\r\n`)
    .join('');
}

export interface LicensingHarness {
  readonly cloud: TestLocalCloud;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBDocumentClient;
  /** Puts a file where a board's pre-signed POST would (the local S3 takes no POST uploads); S3 notifies the queue. */
  upload(key: string, body: string | Uint8Array): Promise<void>;
  /** Polls the upload record until its status is one of `statuses` (complete or rejected by default). */
  waitForUpload(
    uploadId: string,
    statuses?: readonly string[],
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Every item of the providers table, or of one provider's partition. */
  providerItems(pk?: string): Promise<Record<string, unknown>[]>;
  /** The licensing data key (hex) as the local SSM holds it: tests derive the provider ids from it. */
  dataKey(): Promise<string>;
  /** A token of a declared OAuth client for the licensing API's audience. */
  token(clientId: string, scopes?: readonly string[]): Promise<string>;
  /** Calls the HTTP API; `body` is sent as JSON unless it is a string. */
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; body: unknown }>;
  /** Sends a message body to the ingest queue as S3 (or a stranger) would: redeliveries, poison messages. */
  sendToIngestQueue(body: string): Promise<void>;
  stop(): Promise<void>;
}

/** A local cloud with the licensing service deployed, and the clients its tests use. */
export async function startLicensingHarness(
  options: StartLocalCloudOptions & {
    service: ServiceDeclaration;
    names: LicensingNames;
    /** A queue's declared visibility timeout replaced, by queue name (so redrives to a DLQ fit in a test). */
    visibilityTimeoutSeconds?: Readonly<Record<string, number>>;
    /** Other changes to the declaration (a function's timeout, so a test sees Lambda stop it within seconds). */
    overrides?: DeclarationOverrides;
  },
): Promise<LicensingHarness> {
  const visibility = Object.entries(options.visibilityTimeoutSeconds ?? {}).map(
    ([name, visibilityTimeoutSeconds]) => [name, { visibilityTimeoutSeconds }] as const,
  );
  const service = overrideDeclaration(options.service, {
    ...options.overrides,
    queues: { ...options.overrides?.queues, ...Object.fromEntries(visibility) },
  });
  const cloud = await startLocalCloud({ ...options, services: [service] });
  const s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
  const sqs = new SQSClient(cloud.clientConfig);
  const raw = new DynamoDBClient(cloud.clientConfig);
  const dynamo = DynamoDBDocumentClient.from(raw);
  const { names } = options;
  const tokens = new Map<string, string>();

  return {
    cloud,
    s3,
    sqs,
    dynamo,
    async upload(key, body) {
      await s3.send(
        new PutObjectCommand({ Bucket: names.bucket, Key: key, Body: body, ContentType: 'text/csv' }),
      );
    },
    async waitForUpload(uploadId, statuses = ['complete', 'rejected'], timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { Item } = await dynamo.send(
          new GetCommand({
            TableName: names.uploadsTable,
            Key: { uploadId, sk: 'UPLOAD' },
            ConsistentRead: true,
          }),
        );
        if (Item !== undefined && statuses.includes(Item['status'] as string)) return Item;
        if (Date.now() > until) {
          throw new WaitTimeoutError(
            `upload ${uploadId} is ${String(Item?.['status'])}, not ${statuses.join(' or ')}`,
          );
        }
        await sleep(50);
      }
    },
    async providerItems(pk) {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page =
          pk === undefined
            ? await dynamo.send(
                new ScanCommand({ TableName: names.providersTable, ExclusiveStartKey: start }),
              )
            : await dynamo.send(
                new QueryCommand({
                  TableName: names.providersTable,
                  KeyConditionExpression: 'pk = :pk',
                  ExpressionAttributeValues: { ':pk': pk },
                  ExclusiveStartKey: start,
                }),
              );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return items;
    },
    async token(clientId, scopes) {
      const id = `${clientId} ${scopes?.join(' ') ?? ''}`;
      let token = tokens.get(id);
      if (token === undefined) {
        token = await clientCredentialsToken(cloud, clientId, {
          audience: names.audience,
          ...(scopes === undefined ? {} : { scopes }),
        });
        tokens.set(id, token);
      }
      return token;
    },
    async api(method, path, request = {}) {
      const headers: Record<string, string> = {};
      if (request.token !== undefined) headers['authorization'] = `Bearer ${request.token}`;
      let body: string | undefined;
      if (request.body !== undefined) {
        body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(`${cloud.httpApiUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Not JSON: the text as it came.
      }
      return { status: response.status, body: parsed };
    },
    async dataKey() {
      const ssm = new SSMClient(cloud.clientConfig);
      try {
        const { Parameter } = await ssm.send(
          new GetParameterCommand({ Name: names.dataKeyParameter, WithDecryption: true }),
        );
        return Parameter?.Value ?? '';
      } finally {
        ssm.destroy();
      }
    },
    async sendToIngestQueue(body) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: cloud.queueUrl(names.ingestQueue), MessageBody: body }),
      );
    },
    async stop() {
      s3.destroy();
      sqs.destroy();
      dynamo.destroy();
      raw.destroy();
      await cloud.stop();
    },
  };
}
