import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type {
  BucketCorsRule,
  BucketNotification,
  EnvValue,
  FunctionDeclaration,
  QueueDeclaration,
  ServiceDeclaration,
  TableDeclaration,
} from './declarations.js';
import { startEdgeServer, type EdgeServer } from './edge/edge-server.js';
import { startDynamoDb, startFauxqs, startSes, type Backend } from './emulators/backends.js';
import { ACCOUNT_ID } from './emulators/constants.js';
import { serveLambdaApi } from './emulators/lambda-api.js';
import { oauthClientSecretName, startOAuthIssuer } from './emulators/oauth-issuer.js';
import { SecretStore, type SecretStoreState } from './emulators/secrets-manager.js';
import { ParameterStore, type ParameterStoreState } from './emulators/ssm.js';
import { DeclarationError } from './errors.js';
import { readState, writeState } from './persistence.js';
import { appEntry, bundleHandlers } from './runtime/bundle.js';
import { FunctionRuntime } from './runtime/function-runtime.js';
import type { LogSink } from './runtime/types.js';
import { startHttpApi, type HttpApiServer, type HttpRoute } from './wiring/http-api.js';
import { S3Notifier } from './wiring/s3-notifications.js';
import { createJwtAuthorizer } from './wiring/jwt-authorizer.js';
import { SqsEventSourceMapping } from './wiring/sqs-event-source.js';

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
  /** The development OAuth 2.0 issuer: discovery, JWKS and `/oauth2/token` (client credentials). */
  readonly oauthIssuerUrl: string;
  readonly region: string;
  /** The queue URL the edge gives a declared queue. */
  queueUrl(name: string): string;
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

function attributeDefinitions(table: TableDeclaration): AttributeDefinition[] {
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...(table.globalSecondaryIndexes ?? []).flatMap((g) => [g.partitionKey, g.sortKey]),
  ];
  const byName = new Map<string, AttributeDefinition>();
  for (const key of keys)
    if (key !== undefined) byName.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  return [...byName.values()];
}

function keySchema(partitionKey: { name: string }, sortKey?: { name: string }) {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
    ...(sortKey === undefined ? [] : [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }]),
  ];
}

/**
 * The aliases Terraform gives every function: `live`, and the first 10 characters of the git SHA when the
 * workspace is a git checkout and they are not all digits (Lambda refuses such alias names).
 */
function releaseAliases(workspaceRoot: string): string[] {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: workspaceRoot,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    const ref = sha.trim().slice(0, 10);
    return /^[0-9a-f]{10}$/.test(ref) && !/^[0-9]+$/.test(ref) ? ['live', ref] : ['live'];
  } catch {
    return ['live'];
  }
}

/** Dead-letter queues first, so a redrive policy can name an existing ARN. */
function queuesInOrder(queues: readonly QueueDeclaration[]): QueueDeclaration[] {
  const dlqs = new Set(queues.flatMap((q) => (q.deadLetter === undefined ? [] : [q.deadLetter.queue])));
  return [...queues.filter((q) => dlqs.has(q.name)), ...queues.filter((q) => !dlqs.has(q.name))];
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
    // Functions: bundled as production bundles them, each run in its own worker.
    const workspaceRoot = options.workspaceRoot ?? findWorkspaceRoot();
    const cacheDir = join(workspaceRoot, 'node_modules', '.cache', 'local-cloud');
    const functions = services
      .flatMap((s) => s.functions ?? [])
      .filter((fn) => {
        if (fn.entry !== undefined || fn.app === undefined) return true;
        const present = existsSync(join(workspaceRoot, appEntry(workspaceRoot, fn.app).entry));
        if (!present && options.skipMissingApps === true)
          log(SYSTEM, `skipping ${fn.name}: apps/${fn.app}/src/handler.ts does not exist`);
        return present || options.skipMissingApps !== true;
      });
    // Bundling, the slow part of a first start, runs while the emulators start.
    const bundling = bundleHandlers(
      functions.map((fn) => {
        const source =
          fn.entry !== undefined
            ? { entry: fn.entry, tsconfig: join(workspaceRoot, 'tsconfig.base.json') }
            : fn.app !== undefined
              ? appEntry(workspaceRoot, fn.app)
              : undefined;
        if (source === undefined) throw new DeclarationError(`Function ${fn.name} needs an app or an entry`);
        return {
          workspaceRoot,
          entry: isAbsolute(source.entry) ? source.entry : join(workspaceRoot, source.entry),
          tsconfig: existsSync(source.tsconfig) ? source.tsconfig : join(workspaceRoot, 'tsconfig.base.json'),
          cacheDir,
        };
      }),
      (stale) =>
        progress(
          `Bundling ${stale} function${stale === 1 ? '' : 's'} as production does (later starts reuse them)`,
        ),
    );
    // Awaited once the runtime needs the bundles; a failure before then must not go unhandled.
    bundling.catch(() => undefined);

    const [dynamodb, fauxqs, ses] = (await Promise.all([
      startDynamoDb(dataDir === undefined ? undefined : join(dataDir, 'dynamodb')),
      startFauxqs(region),
      startSes(),
    ])) as [Backend, Backend, Backend];
    closers.push(dynamodb.close, fauxqs.close, ses.close);

    const ssmFile = dataDir === undefined ? undefined : join(dataDir, 'ssm.json');
    const secretsFile = dataDir === undefined ? undefined : join(dataDir, 'secretsmanager.json');
    const parameters: ParameterStore = new ParameterStore(region, () => {
      if (ssmFile !== undefined) writeState(ssmFile, parameters.toJSON());
    });
    const secrets: SecretStore = new SecretStore(region, () => {
      if (secretsFile !== undefined) writeState(secretsFile, secrets.toJSON());
    });
    if (ssmFile !== undefined) parameters.load(readState<ParameterStoreState>(ssmFile) ?? {});
    if (secretsFile !== undefined) secrets.load(readState<SecretStoreState>(secretsFile) ?? []);

    const queueUrls = new Map<string, string>();
    const queueUrl = (name: string): string => {
      const url = queueUrls.get(name);
      if (url === undefined) throw new DeclarationError(`Queue ${name} is not declared`);
      return url;
    };
    const queueArn = (name: string): string => `arn:aws:sqs:${region}:${ACCOUNT_ID}:${name}`;
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
    const deployed: {
      aliases: string[];
      mappings: { functionName: string; mapping: SqsEventSourceMapping }[];
    } = {
      aliases: [],
      mappings: [],
    };
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
    const all = <T>(pick: (s: ServiceDeclaration) => readonly T[] | undefined): T[] =>
      services.flatMap((s) => pick(s) ?? []);
    await Promise.all(
      all((s) => s.tables).map(async (table) => {
        try {
          await ddb.send(
            new CreateTableCommand({
              TableName: table.name,
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: attributeDefinitions(table),
              KeySchema: keySchema(table.partitionKey, table.sortKey),
              ...(table.globalSecondaryIndexes?.length
                ? {
                    GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((g) => ({
                      IndexName: g.name,
                      KeySchema: keySchema(g.partitionKey, g.sortKey),
                      Projection: { ProjectionType: 'ALL' },
                    })),
                  }
                : {}),
            }),
          );
        } catch (error) {
          // With --data the table is still there from the last run.
          if ((error as Error).name !== 'ResourceInUseException') throw error;
        }
        if (table.ttlAttribute !== undefined) {
          await ddb.send(
            new UpdateTimeToLiveCommand({
              TableName: table.name,
              TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute },
            }),
          );
        }
      }),
    );
    for (const queue of queuesInOrder(all((s) => s.queues))) {
      const attributes: Record<string, string> = {};
      if (queue.visibilityTimeoutSeconds !== undefined)
        attributes.VisibilityTimeout = String(queue.visibilityTimeoutSeconds);
      if (queue.messageRetentionSeconds !== undefined)
        attributes.MessageRetentionPeriod = String(queue.messageRetentionSeconds);
      if (queue.delaySeconds !== undefined) attributes.DelaySeconds = String(queue.delaySeconds);
      if (queue.deadLetter !== undefined) {
        if (!queueUrls.has(queue.deadLetter.queue)) {
          throw new DeclarationError(
            `Dead-letter queue ${queue.deadLetter.queue} of ${queue.name} is not declared`,
          );
        }
        attributes.RedrivePolicy = JSON.stringify({
          deadLetterTargetArn: queueArn(queue.deadLetter.queue),
          maxReceiveCount: queue.deadLetter.maxReceiveCount,
        });
      }
      const created = await sqs.send(
        new CreateQueueCommand({ QueueName: queue.name, Attributes: attributes }),
      );
      queueUrls.set(queue.name, created.QueueUrl!);
    }
    const notifications = new Map<string, readonly BucketNotification[]>();
    for (const bucket of all((s) => s.buckets)) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket.name })).catch((error: Error) => {
        if (error.name !== 'BucketAlreadyOwnedByYou') throw error;
      });
      for (const n of bucket.notifications ?? []) queueUrl(n.queue);
      notifications.set(bucket.name, bucket.notifications ?? []);
      if (bucket.cors !== undefined) bucketCors.set(bucket.name, bucket.cors);
    }
    const notifier = new S3Notifier({
      s3,
      region,
      notifications,
      send: sendToQueue,
      log: (line) => log(SYSTEM, line),
    });
    late.notifier = notifier;
    // Local development values are random and printed nowhere; with --data the first ones are kept.
    for (const parameter of all((s) => s.parameters)) {
      if (!parameters.has(parameter.name)) {
        parameters.put(
          parameter.name,
          parameter.localValue ?? randomBytes(32).toString('hex'),
          parameter.type,
        );
      }
    }
    for (const secret of all((s) => s.secrets))
      secrets.create(secret.name, secret.localValue ?? randomBytes(32).toString('hex'));

    let httpApiUrl = '';
    const resolveEnv = (fn: FunctionDeclaration, value: EnvValue): string => {
      if (typeof value === 'string') return value;
      if ('queueUrl' in value) return queueUrl(value.queueUrl);
      if ('queueArn' in value) {
        queueUrl(value.queueArn);
        return queueArn(value.queueArn);
      }
      if ('httpApiUrl' in value) return httpApiUrl;
      throw new DeclarationError(`Unknown environment value in ${fn.name}`);
    };
    // OAuth clients' secrets live in the local Secrets Manager, as an operator would hand them out.
    const oauthClients = all((s) => s.oauthClients).map((client) => {
      const secretName = oauthClientSecretName(client.clientId);
      secrets.create(secretName, randomBytes(24).toString('base64url'));
      return { ...client, secret: secrets.currentString(secretName) };
    });
    const issuer = await startOAuthIssuer(oauthClients);
    closers.push(issuer.close);
    const authorizers = new Map<string, ReturnType<typeof createJwtAuthorizer>>();
    for (const service of services) {
      for (const [name, declared] of Object.entries(service.jwtAuthorizers ?? {})) {
        const issuerUrl = typeof declared.issuer === 'string' ? declared.issuer : issuer.url;
        authorizers.set(
          `${service.service}/${name}`,
          createJwtAuthorizer({ issuer: issuerUrl, audience: declared.audience }),
        );
      }
    }
    const serviceOf = new Map(services.flatMap((s) => (s.functions ?? []).map((fn) => [fn.name, s.service])));
    const routes: HttpRoute[] = functions.flatMap((fn) =>
      (fn.routes ?? []).map((route) => {
        const {
          routeKey,
          jwtAuthorizer,
          scopes = [],
        } = typeof route === 'string' ? { routeKey: route } : route;
        if (jwtAuthorizer === undefined) return { routeKey, functionName: fn.name };
        const authorize = authorizers.get(`${serviceOf.get(fn.name)}/${jwtAuthorizer}`);
        if (authorize === undefined) {
          throw new DeclarationError(
            `Route "${routeKey}" of ${fn.name} names an undeclared JWT authorizer ${jwtAuthorizer}`,
          );
        }
        return { routeKey, functionName: fn.name, authorizer: { authorize, scopes } };
      }),
    );
    const httpApi: HttpApiServer = await startHttpApi(
      routes,
      (name, event) => runtime.invoke(name, event),
      onError,
      options.httpPort,
      all((s) => s.pages).map((page) => {
        if (!/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(page.prefix)) {
          throw new DeclarationError(`Pages prefix "${page.prefix}" must be a path such as /pages`);
        }
        return { prefix: page.prefix, directory: resolve(workspaceRoot, page.directory) };
      }),
    );
    closers.push(httpApi.close);
    httpApiUrl = httpApi.url;

    const bundlePaths = await bundling;
    await Promise.all(
      functions.map(async (fn, index) => {
        const bundlePath = bundlePaths[index]!;
        const memoryMb = fn.memoryMb ?? 128;
        const environment: Record<string, string> = {
          AWS_ENDPOINT_URL: edge.url,
          AWS_REGION: region,
          AWS_DEFAULT_REGION: region,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
          AWS_LAMBDA_FUNCTION_NAME: fn.name,
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
          AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
          AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${fn.name}`,
          AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
          LAMBDA_TASK_ROOT: dirname(bundlePath),
          _HANDLER: `index.${fn.handler ?? 'handler'}`,
          // What terraform/modules/function adds to every function; the declared environment wins on a clash.
          POWERTOOLS_SERVICE_NAME: fn.app ?? fn.name,
          LOG_LEVEL: 'INFO',
          // Lambda runs nodejs22.x; the SDK's warning about the local Node 20 is noise in every function log.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...Object.fromEntries(
            Object.entries(fn.environment ?? {}).map(([name, value]) => [name, resolveEnv(fn, value)]),
          ),
        };
        const asyncConfig = fn.async ?? {};
        for (const queue of [asyncConfig.onFailure, asyncConfig.onSuccess])
          if (queue !== undefined) queueUrl(queue);
        runtime.deploy(
          {
            name: fn.name,
            bundlePath,
            handlerName: fn.handler ?? 'handler',
            timeoutSeconds: fn.timeoutSeconds ?? 3,
            memoryMb,
            environment,
            maxConcurrency: fn.reservedConcurrency ?? 10,
          },
          asyncConfig,
        );
      }),
    );

    deployed.aliases = releaseAliases(workspaceRoot);
    deployed.mappings = functions.flatMap((fn) =>
      (fn.sqs ?? []).map((source) => ({
        functionName: fn.name,
        mapping: new SqsEventSourceMapping({
          sqs,
          queueUrl: queueUrl(source.queue),
          queueArn: queueArn(source.queue),
          region,
          source,
          invoke: (event) => runtime.invoke(fn.name, event),
          log: (line) => log(fn.name, line),
        }),
      })),
    );
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
      httpApiUrl,
      sesUrl: `http://127.0.0.1:${ses.port}`,
      oauthIssuerUrl: issuer.url,
      region,
      queueUrl,
      runtime,
      drain,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
