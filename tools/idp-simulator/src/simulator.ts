import { fileURLToPath } from 'node:url';
import { JOB_TYPES } from '@backend/contracts';
import {
  awsDependencies,
  type AwsClientConfig,
  type CallbackTokens,
  type JobInvoker,
  type UploadSigner,
} from './aws.js';
import { SimulatorConfigError } from './errors.js';
import { ResultStore, type JobKind } from './result-store.js';
import { startSimulatorServer } from './server.js';
import { StaticFiles } from './static-files.js';

export interface IdpSimulatorOptions {
  /** The SDK clients' target: the local cloud's edge endpoint (`AWS_ENDPOINT_URL`) and region. */
  readonly aws: AwsClientConfig;
  /** Names functions (`<env>-proof-address`), callback token parameters and the document bucket; `local`. */
  readonly environment?: string;
  /** The alias or version to invoke, as the IDP pins its `GIT_REF`; unqualified by default. */
  readonly qualifier?: string;
  /** `<env>-proofing-documents` by default. */
  readonly documentBucket?: string;
  /** 127.0.0.1 and a free port by default. */
  readonly port?: number;
  /** How long the waiting page waits for a result before it shows a timeout; 60 s, as the IDP. */
  readonly resultTimeoutMs?: number;
  /** How long a received result stays readable; 60 s, as the IDP. */
  readonly resultRetentionMs?: number;
  /** The base of the callback URLs given to jobs (a proxy or tunnel in front of the simulator); its own URL by default. */
  readonly callbackBaseUrl?: string;
  /** Request log lines (no PII: method, path, status, time); dropped by default. */
  readonly log?: (line: string) => void;
  /** Replace the real SDK-backed parts (unit tests). */
  readonly invoker?: JobInvoker;
  readonly tokens?: CallbackTokens;
  readonly uploads?: UploadSigner;
}

export interface IdpSimulator {
  /** `http://127.0.0.1:<port>`: the pages, the API and the callback endpoint. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

function positive(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new SimulatorConfigError(`${name} must be a positive whole number of milliseconds, not ${value}`);
  }
  return value;
}

/** Starts the IDP simulator: pages for the three proofing jobs, the Lambda invocations and the callback endpoint. */
export async function startIdpSimulator(options: IdpSimulatorOptions): Promise<IdpSimulator> {
  const environment = options.environment ?? 'local';
  if (!/^[a-z0-9-]+$/.test(environment)) {
    throw new SimulatorConfigError(
      `environment must be lower-case letters, digits and dashes, not "${environment}"`,
    );
  }
  const timeoutMs = positive(options.resultTimeoutMs, 'resultTimeoutMs');
  const retentionMs = positive(options.resultRetentionMs, 'resultRetentionMs');
  const aws = awsDependencies(options.aws, {
    environment,
    documentBucket: options.documentBucket ?? `${environment}-proofing-documents`,
    ...(options.qualifier === undefined ? {} : { qualifier: options.qualifier }),
  });
  const functionNames = Object.fromEntries(
    JOB_TYPES.map((type) => [type, `${environment}-proof-${type}`]),
  ) as Record<JobKind, string>;
  try {
    const server = await startSimulatorServer({
      invoker: options.invoker ?? aws.invoker,
      tokens: options.tokens ?? aws.tokens,
      uploads: options.uploads ?? aws.uploads,
      uploadOrigin: aws.uploadOrigin,
      store: new ResultStore({
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(retentionMs === undefined ? {} : { retentionMs }),
      }),
      functionNames,
      pages: await StaticFiles.from(PUBLIC_DIR),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.callbackBaseUrl === undefined
        ? {}
        : { callbackBaseUrl: options.callbackBaseUrl.replace(/\/+$/, '') }),
    });
    return {
      url: server.url,
      port: server.port,
      async close() {
        await server.close();
        aws.destroy();
      },
    };
  } catch (error) {
    aws.destroy();
    throw error;
  }
}
