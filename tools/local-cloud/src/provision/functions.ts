import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EnvValue, FunctionDeclaration } from '@backend/contracts';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { DeclarationError } from '../errors.js';
import { appEntry, bundleHandlers } from '../runtime/bundle.js';
import type { FunctionRuntime } from '../runtime/function-runtime.js';
import { SqsEventSourceMapping } from '../wiring/sqs-event-source.js';
import type { QueueDirectory } from './queues.js';

/** The declared functions to deploy; one whose app does not exist yet is skipped (logged) or, by default, kept. */
export function selectFunctions(
  functions: readonly FunctionDeclaration[],
  workspaceRoot: string,
  skipMissingApps: boolean,
  log: (line: string) => void,
): FunctionDeclaration[] {
  return functions.filter((fn) => {
    if (fn.entry !== undefined || fn.app === undefined) return true;
    const present = existsSync(join(workspaceRoot, appEntry(workspaceRoot, fn.app).entry));
    if (!present && skipMissingApps) log(`skipping ${fn.name}: apps/${fn.app}/src/handler.ts does not exist`);
    return present || !skipMissingApps;
  });
}

/** Bundles the functions as production does (cached by input); the bundle paths, in the functions' order. */
export function bundleFunctions(
  functions: readonly FunctionDeclaration[],
  workspaceRoot: string,
  progress: (message: string) => void,
): Promise<string[]> {
  const cacheDir = join(workspaceRoot, 'node_modules', '.cache', 'local-cloud');
  const fallbackTsconfig = join(workspaceRoot, 'tsconfig.base.json');
  return bundleHandlers(
    functions.map((fn) => {
      const source =
        fn.entry !== undefined
          ? { entry: fn.entry, tsconfig: fallbackTsconfig }
          : fn.app !== undefined
            ? appEntry(workspaceRoot, fn.app)
            : undefined;
      if (source === undefined) throw new DeclarationError(`Function ${fn.name} needs an app or an entry`);
      return {
        workspaceRoot,
        entry: isAbsolute(source.entry) ? source.entry : join(workspaceRoot, source.entry),
        tsconfig: existsSync(source.tsconfig) ? source.tsconfig : fallbackTsconfig,
        cacheDir,
      };
    }),
    (stale) =>
      progress(
        `Bundling ${stale} function${stale === 1 ? '' : 's'} as production does (later starts reuse them)`,
      ),
  );
}

export interface DeployContext {
  readonly runtime: FunctionRuntime;
  readonly queues: QueueDirectory;
  readonly endpoint: string;
  readonly httpApiUrl: string;
  /** The local OAuth 2.0 issuer's URL. */
  readonly oauthIssuerUrl: string;
  /** The id of a declared Cognito identity pool, by name. */
  readonly identityPoolId: (name: string) => string | undefined;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

function resolveEnv(fn: FunctionDeclaration, value: EnvValue, context: DeployContext): string {
  if (typeof value === 'string') return value;
  if ('queueUrl' in value) return context.queues.url(value.queueUrl);
  if ('queueArn' in value) return context.queues.arn(value.queueArn);
  if ('httpApiUrl' in value) return context.httpApiUrl;
  if ('edgeUrl' in value) return `${context.endpoint}${value.edgeUrl}`;
  if ('oauthIssuerUrl' in value) return context.oauthIssuerUrl;
  if ('identityPoolId' in value) {
    const id = context.identityPoolId(value.identityPoolId);
    if (id === undefined) {
      throw new DeclarationError(`${fn.name} names the undeclared identity pool ${value.identityPoolId}`);
    }
    return id;
  }
  throw new DeclarationError(`Unknown environment value in ${fn.name}`);
}

/** Deploys each function with Lambda's environment variables, its declared ones and its async settings. */
export function deployFunctions(
  functions: readonly FunctionDeclaration[],
  bundlePaths: readonly string[],
  context: DeployContext,
): void {
  const { region } = context;
  functions.forEach((fn, index) => {
    const bundlePath = bundlePaths[index]!;
    const memoryMb = fn.memoryMb ?? 128;
    const environment: Record<string, string> = {
      AWS_ENDPOINT_URL: context.endpoint,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: context.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: context.credentials.secretAccessKey,
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
        Object.entries(fn.environment ?? {}).map(([name, value]) => [name, resolveEnv(fn, value, context)]),
      ),
    };
    const asyncConfig = fn.async ?? {};
    for (const queue of [asyncConfig.onFailure, asyncConfig.onSuccess])
      if (queue !== undefined) context.queues.url(queue);
    context.runtime.deploy(
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
  });
}

/**
 * The aliases Terraform gives every function: `live`, and the first 10 characters of the git SHA when the
 * workspace is a git checkout and they are not all digits (Lambda refuses such alias names).
 */
export function releaseAliases(workspaceRoot: string): string[] {
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

export interface FunctionMapping {
  readonly functionName: string;
  readonly mapping: SqsEventSourceMapping;
}

/** The functions' SQS event source mappings, not started yet. */
export function mapEventSources(
  functions: readonly FunctionDeclaration[],
  context: {
    sqs: SQSClient;
    queues: QueueDirectory;
    region: string;
    runtime: FunctionRuntime;
    log: (name: string, line: string) => void;
  },
): FunctionMapping[] {
  return functions.flatMap((fn) =>
    (fn.sqs ?? []).map((source) => ({
      functionName: fn.name,
      mapping: new SqsEventSourceMapping({
        sqs: context.sqs,
        queueUrl: context.queues.url(source.queue),
        queueArn: context.queues.arn(source.queue),
        region: context.region,
        source,
        invoke: (event) => context.runtime.invoke(fn.name, event),
        log: (line) => context.log(fn.name, line),
      }),
    })),
  );
}
