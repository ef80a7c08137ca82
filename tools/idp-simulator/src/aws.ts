import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { callbackSigningKeyParameterName, callbackTokenParameterName } from '@backend/contracts';
import { getSecureParameter } from '@backend/platform';
import { JobInvocationError } from './errors.js';
import type { JobKind } from './result-store.js';

/** Where the simulator's SDK clients point: the local cloud's edge endpoint, or AWS when `endpoint` is unset. */
export interface AwsClientConfig {
  readonly endpoint?: string;
  readonly region: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Invokes a proofing job as the IDP does: asynchronously, through the Lambda API. */
export interface JobInvoker {
  invokeEvent(functionName: string, payload: unknown): Promise<void>;
}

/** The secrets of each job type's callbacks, as the IDP holds them. */
export interface CallbackTokens {
  /** The shared secret a job sends as X-API-AUTH-TOKEN. */
  tokenFor(kind: JobKind): Promise<string>;
  /** The key a job signs X-Signature with; it never travels with a callback. */
  signingKeyFor(kind: JobKind): Promise<string>;
}

export interface SignedUpload {
  /** The pre-signed PUT URL the browser uploads to. */
  readonly uploadUrl: string;
  /** The object's plain URL, without the signature: what the job is given. */
  readonly objectUrl: string;
}

/** Issues pre-signed PUT URLs into the document bucket. */
export interface UploadSigner {
  signPut(key: string, expiresInSeconds: number): Promise<SignedUpload>;
}

export class LambdaJobInvoker implements JobInvoker {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly qualifier?: string,
  ) {}

  async invokeEvent(functionName: string, payload: unknown): Promise<void> {
    let status: number | undefined;
    try {
      const output = await this.lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(payload)),
          ...(this.qualifier === undefined ? {} : { Qualifier: this.qualifier }),
        }),
      );
      status = output.StatusCode;
    } catch (cause) {
      // The error's name only: SDK messages are not needed to act, and the payload stays out of every message.
      const name = cause instanceof Error ? cause.name : 'unknown error';
      throw new JobInvocationError(functionName, `${functionName} could not be invoked: ${name}`, { cause });
    }
    if (status !== 202) {
      throw new JobInvocationError(functionName, `${functionName} answered ${status} to an Event invocation`);
    }
  }
}

export class SsmCallbackTokens implements CallbackTokens {
  constructor(
    private readonly ssm: SSMClient,
    private readonly environment: string,
    /** Short, so a rotated token is accepted within seconds. */
    private readonly maxAgeSeconds = 5,
  ) {}

  tokenFor(kind: JobKind): Promise<string> {
    return this.read(callbackTokenParameterName(this.environment, kind));
  }

  signingKeyFor(kind: JobKind): Promise<string> {
    return this.read(callbackSigningKeyParameterName(this.environment, kind));
  }

  private read(name: string): Promise<string> {
    return getSecureParameter(name, { ssmClient: this.ssm, maxAgeSeconds: this.maxAgeSeconds });
  }
}

export class S3UploadSigner implements UploadSigner {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async signPut(key: string, expiresInSeconds: number): Promise<SignedUpload> {
    const uploadUrl = await getSignedUrl(this.s3, new PutObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
    const objectUrl = new URL(uploadUrl);
    objectUrl.search = '';
    return { uploadUrl, objectUrl: objectUrl.toString() };
  }
}

export interface AwsDependencies {
  readonly invoker: JobInvoker;
  readonly tokens: CallbackTokens;
  readonly uploads: UploadSigner;
  /** The origin the browser uploads to (for the pages' Content-Security-Policy). */
  readonly uploadOrigin: string;
  destroy(): void;
}

/** Real SDK v3 clients against `config`: Lambda for jobs, SSM for the callback tokens, S3 for upload URLs. */
export function awsDependencies(
  config: AwsClientConfig,
  options: { environment: string; documentBucket: string; qualifier?: string },
): AwsDependencies {
  const lambda = new LambdaClient(config);
  const ssm = new SSMClient(config);
  const s3 = new S3Client({
    ...config,
    // No DNS name for bucket.127.0.0.1 locally; path-style works against AWS too.
    forcePathStyle: true,
    // Otherwise the presigner signs a checksum of an empty body into the URL, and S3 refuses the real image.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const uploadOrigin =
    config.endpoint === undefined
      ? `https://s3.${config.region}.amazonaws.com`
      : new URL(config.endpoint).origin;
  return {
    invoker: new LambdaJobInvoker(lambda, options.qualifier),
    tokens: new SsmCallbackTokens(ssm, options.environment),
    uploads: new S3UploadSigner(s3, options.documentBucket),
    uploadOrigin,
    destroy() {
      lambda.destroy();
      ssm.destroy();
      s3.destroy();
    },
  };
}
