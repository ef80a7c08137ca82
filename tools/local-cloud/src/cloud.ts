import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { BucketCorsRule, ServiceDeclaration } from '@backend/contracts';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startEdgeServer, type EdgeServer } from './edge/edge-server.js';
import { startDynamoDb, startFauxqs, startSes, type Backend } from './emulators/backends.js';
import { CognitoIdentityEmulator, type CognitoIdentityState } from './emulators/cognito-identity.js';
import { serveLambdaApi } from './emulators/lambda-api.js';
import { SITEVERIFY_PATH } from './emulators/recaptcha.js';
import { DeclarationError } from './errors.js';
import { readState, writeState } from './persistence.js';
import { createBuckets } from './provision/buckets.js';
import {
  bundleFunctions,
  deployFunctions,
  mapEventSources,
  releaseAliases,
  selectFunctions,
  type FunctionMapping,
} from './provision/functions.js';
import { startServiceHttpApi } from './provision/http-api.js';
import { startOAuthClients } from './provision/oauth-clients.js';
import {
  createParametersAndSecrets,
  openParameterAndSecretStores,
} from './provision/parameters-and-secrets.js';
import { QueueDirectory, createQueues } from './provision/queues.js';
import { createTables } from './provision/tables.js';
import { FunctionRuntime } from './runtime/function-runtime.js';
import type { LogSink } from './runtime/types.js';
import { S3Notifier } from './wiring/s3-notifications.js';

export interface LocalCloudOptions {
  /** Edge endpoint port; a free one by default. */
  readonly port?: number;
  /** HTTP API port; a free one by default. */
  readonly httpPort?: number;
  /** Keep DynamoDB tables, parameters and secrets here across restarts; in memory without it. */
  readonly dataDir?: string;
  readonly region?: string;
  /** The Nx workspace root (apps are bundled from `apps/<app>/src/handler.ts`); found from the cwd by default. */
  readonly workspaceRoot?: string;
  readonly services?: readonly ServiceDeclaration[];
  /** Skip functions whose app does not exist yet (the CLI); by default a missing app is an error. */
  readonly skipMissingApps?: boolean;
  /** Pauses before the retries of a failed async invocation; Lambda's are minutes, locally 1 s and 2 s. */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** Where function logs and the local cloud's own messages go; printed `[name] line` to stdout by default. */
  readonly log?: LogSink;
  /** Start-up steps worth telling a person who waits (the CLI prints them); silent by default. */
  readonly progress?: (message: string) => void;
}

export interface InvokeOutput {
  readonly statusCode: number;
  readonly payload: unknown;
  readonly functionError?: string;
}

export interface LocalCloud {
  /** The edge endpoint: `AWS_ENDPOINT_URL` for every SDK client and the AWS CLI. */
  readonly endpoint: string;
  readonly httpApiUrl: string;
  /** aws-ses-v2-local: web inbox at `/`, sent mail as JSON at `/store`. */
  readonly sesUrl: string;
  /** SNS texts to phone numbers: the outbox page; its JSON is at `<smsUrl>/store`. */
  readonly smsUrl: string;
  /** The development OAuth 2.0 issuer: discovery, JWKS and `/oauth2/token` (client credentials). */
  readonly oauthIssuerUrl: string;
  /** The stand-in of Google's reCAPTCHA siteverify; tokens from `POST <endpoint>/_local-cloud/recaptcha/tokens`. */
  readonly recaptchaVerifyUrl: string;
  readonly region: string;
  /** The queue URL the edge gives a declared queue. */
  queueUrl(name: string): string;
  /** The id of a declared Cognito identity pool; DeclarationError for an undeclared one. */
  identityPoolId(name: string): string;
  readonly runtime: FunctionRuntime;
  /** Waits until async invocations and S3 notifications in flight are done. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const SYSTEM = 'local-cloud';

/** The Nx workspace root: the nearest directory above `from` that holds nx.json. */
export function findWorkspaceRoot(from = process.cwd()): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new DeclarationError(`No nx.json above ${from}: pass workspaceRoot`);
    dir = parent;
  }
  return dir;
}

function defaultLog(name: string, line: string): void {
  process.stdout.write(`[${name}] ${line}\n`);
}

/** Every service's resources of each kind, in one list per kind. */
function declaredResources(services: readonly ServiceDeclaration[]) {
  const all = <T>(pick: (s: ServiceDeclaration) => readonly T[] | undefined): T[] =>
    services.flatMap((s) => pick(s) ?? []);
  return {
    tables: all((s) => s.tables),
    queues: all((s) => s.queues),
    buckets: all((s) => s.buckets),
    parameters: all((s) => s.parameters),
    secrets: all((s) => s.secrets),
    oauthClients: all((s) => s.oauthClients),
    identityPools: all((s) => s.identityPools),
    functions: all((s) => s.functions),
  };
}

/** Starts the emulators, the edge endpoint, the function runtime and the wiring of the declared services. */
export async function startCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const region = options.region ?? 'us-east-1';
  const log = options.log ?? defaultLog;
  const progress = options.progress ?? (() => undefined);
  const services = options.services ?? [];
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const closers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };

  try {
    const workspaceRoot = options.workspaceRoot ?? findWorkspaceRoot();
    const declared = declaredResources(services);
    const functions = selectFunctions(
      declared.functions,
      workspaceRoot,
      options.skipMissingApps === true,
      (line) => log(SYSTEM, line),
    );
    // Bundling, the slow part of a first start, runs while the emulators start. Awaited once the runtime needs
    // the bundles; a failure before then must not go unhandled.
    const bundling = bundleFunctions(functions, workspaceRoot, progress);
    bundling.catch(() => undefined);

    const [dynamodb, fauxqs, ses] = (await Promise.all([
      startDynamoDb(dataDir === undefined ? undefined : join(dataDir, 'dynamodb')),
      startFauxqs(region),
      startSes(),
    ])) as [Backend, Backend, Backend];
    closers.push(dynamodb.close, fauxqs.close, ses.close);
    const stores = openParameterAndSecretStores(region, dataDir);
    const { parameters, secrets } = stores;
    const cognitoFile = dataDir === undefined ? undefined : join(dataDir, 'cognito-identity.json');
    const cognitoIdentity: CognitoIdentityEmulator = new CognitoIdentityEmulator(region, () => {
      if (cognitoFile !== undefined) writeState(cognitoFile, cognitoIdentity.toJSON());
    });
    if (cognitoFile !== undefined) cognitoIdentity.load(readState<CognitoIdentityState>(cognitoFile) ?? []);

    const queues = new QueueDirectory(region);
    const queueUrl = (name: string): string => queues.url(name);
    // Filled once the buckets exist; the edge answers browsers' CORS requests from it.
    const bucketCors = new Map<string, readonly BucketCorsRule[]>();
    // Created once the edge listens; the runtime and the notifier only use them after that.
    const late: { sqs?: SQSClient; notifier?: S3Notifier } = {};
    const sendToQueue = async (queue: string, body: string) => {
      await late.sqs!.send(new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: body }));
    };
    const runtime = new FunctionRuntime({
      region,
      log,
      retryDelaysMs: options.asyncRetryDelaysMs ?? [1000, 2000],
      sendToQueue,
    });

    // Filled once the functions are deployed and their mappings made.
    const deployed: { aliases: string[]; mappings: FunctionMapping[] } = { aliases: [], mappings: [] };
    const catalog = {
      runtime,
      aliases: () => deployed.aliases,
      eventSourceMappings: () =>
        deployed.mappings.map(({ functionName, mapping }) => ({
          functionName,
          describe: (arn: string) => mapping.describe(arn),
        })),
    };
    const onError = (error: unknown) =>
      log(SYSTEM, `internal error: ${(error as Error).stack ?? String(error)}`);
    const edge: EdgeServer = await startEdgeServer(
      {
        dynamodbPort: dynamodb.port,
        fauxqsPort: fauxqs.port,
        sesPort: ses.port,
        ssm: parameters.operations,
        secretsManager: secrets.operations,
        lambda: (req, res) => serveLambdaApi(catalog, req, res),
        cognitoIdentity: { operations: cognitoIdentity.operations, jwks: () => cognitoIdentity.jwks() },
        onObjectCreated: (created) => late.notifier?.notify(created),
        bucketCors: (bucket) => bucketCors.get(bucket),
        onError,
      },
      options.port,
    );
    closers.push(edge.close);
    // Closed in reverse: functions stop while the edge they talk to is still up.
    closers.push(() => runtime.stop());

    const clientConfig = { endpoint: edge.url, region, credentials: LOCAL_CREDENTIALS };
    const sqs = new SQSClient(clientConfig);
    late.sqs = sqs;
    const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
    const ddb = new DynamoDBClient(clientConfig);
    closers.push(async () => {
      sqs.destroy();
      s3.destroy();
      ddb.destroy();
    });

    // Resources, in the order Terraform would need them.
    await createTables(ddb, declared.tables);
    await createQueues(sqs, declared.queues, queues);
    const { notifications } = await createBuckets(s3, declared.buckets, queues, bucketCors);
    const notifier = new S3Notifier({
      s3,
      region,
      notifications,
      send: sendToQueue,
      log: (line) => log(SYSTEM, line),
    });
    late.notifier = notifier;
    createParametersAndSecrets(stores, declared);
    for (const pool of declared.identityPools) cognitoIdentity.createPool(pool);
    const issuer = await startOAuthClients(secrets, declared.oauthClients);
    closers.push(issuer.close);
    const httpApi = await startServiceHttpApi({
      services,
      functions,
      localIssuerUrl: issuer.url,
      workspaceRoot,
      invoke: (name, event) => runtime.invoke(name, event),
      onError,
      ...(options.httpPort === undefined ? {} : { port: options.httpPort }),
    });
    closers.push(httpApi.close);

    deployFunctions(functions, await bundling, {
      runtime,
      queues,
      endpoint: edge.url,
      httpApiUrl: httpApi.url,
      oauthIssuerUrl: issuer.url,
      identityPoolId: (name) => cognitoIdentity.poolId(name),
      region,
      credentials: LOCAL_CREDENTIALS,
    });
    deployed.aliases = releaseAliases(workspaceRoot);
    deployed.mappings = mapEventSources(functions, { sqs, queues, region, runtime, log });
    const mappings = deployed.mappings.map((m) => m.mapping);
    // Pollers stop before the runtime and the emulators they talk to.
    closers.push(async () => {
      await Promise.all(mappings.map((m) => m.stop()));
    });
    for (const mapping of mappings) mapping.start();

    const drain = async () => {
      await runtime.drain();
      await notifier.drain();
    };
    return {
      endpoint: edge.url,
      httpApiUrl: httpApi.url,
      sesUrl: `http://127.0.0.1:${ses.port}`,
      smsUrl: `${edge.url}/_local-cloud/sms`,
      oauthIssuerUrl: issuer.url,
      recaptchaVerifyUrl: `${edge.url}${SITEVERIFY_PATH}`,
      region,
      queueUrl,
      identityPoolId: (name: string) => {
        const id = cognitoIdentity.poolId(name);
        if (id === undefined) throw new DeclarationError(`No identity pool ${name} is declared`);
        return id;
      },
      runtime,
      drain,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
