import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { ServiceDeclaration } from '@backend/contracts';
import {
  findWorkspaceRoot,
  loadWorkspaceServices,
  startCloud,
  type FaultRule,
  type FaultRuleState,
} from '@backend/local-cloud';
import { clearFaults, injectFault, listFaults } from './faults.js';

export interface StartLocalCloudOptions {
  /** The services to deploy; every service of the workspace by default. */
  readonly services?: readonly ServiceDeclaration[];
  /** Pauses before async retries; milliseconds by default so failure paths stay fast. */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** Print function logs as `[name] line` to stderr (also with LOCAL_CLOUD_LOGS=1); kept silently by default. */
  readonly printLogs?: boolean;
}

export interface InvokeOptions {
  readonly invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** An alias (e.g. the git SHA's first 10 characters, as the IDP uses) or a version. */
  readonly qualifier?: string;
}

export interface InvokeResult {
  readonly statusCode: number;
  /** The function's result (or Lambda's error payload), parsed; undefined for Event and DryRun. */
  readonly payload: unknown;
  /** `Unhandled` when the function failed. */
  readonly functionError?: string;
}

export interface ClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface TestLocalCloud {
  /** The edge endpoint (`AWS_ENDPOINT_URL`). */
  readonly endpoint: string;
  readonly httpApiUrl: string;
  readonly sesUrl: string;
  /** The stand-in of Google's reCAPTCHA siteverify (`recaptchaToken(cloud, ...)` gives tokens it verifies). */
  readonly recaptchaVerifyUrl: string;
  /** The local SMS outbox page (SNS Publish to phone numbers); JSON at `<smsUrl>/store`. */
  readonly smsUrl: string;
  /** The development OAuth 2.0 issuer (client credentials): `POST <url>/oauth2/token`. */
  readonly oauthIssuerUrl: string;
  readonly region: string;
  /** Spread into any SDK v3 client: `new SSMClient(cloud.clientConfig)` (S3 also needs `forcePathStyle`). */
  readonly clientConfig: ClientConfig;
  /** Invokes a deployed function through the Lambda API, as the IDP does. */
  invoke(functionName: string, payload?: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  queueUrl(queueName: string): string;
  /** The id of a declared Cognito identity pool (`<region>:<uuid>`), by name. */
  identityPoolId(name: string): string;
  /** A deployed function's invocations, errors, environments and Max Memory Used (see the local cloud's runtime). */
  functionStats(functionName: string): {
    invocations: number;
    errors: number;
    instances: number;
    maxMemoryUsedBytes: number;
  };
  /** Log lines of one function so far (tests can assert that no PII or secret was logged). */
  logs(functionName: string): string[];
  /** Waits for async invocations (with their retries) and S3 notifications in flight. */
  drain(): Promise<void>;
  /** Adds a fault rule (`injectFault`); clear it with `clearFaults()` after the test. */
  injectFault(rule: FaultRule): Promise<FaultRuleState>;
  /** The fault rules in force with their counters. */
  faults(): Promise<FaultRuleState[]>;
  clearFaults(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * An isolated local cloud on free ports for one test file: every service of the workspace (or the given ones)
 * with its functions deployed. Stop it in `afterAll`.
 */
export async function startLocalCloud(options: StartLocalCloudOptions = {}): Promise<TestLocalCloud> {
  const lines: { name: string; line: string }[] = [];
  const print = options.printLogs === true || process.env.LOCAL_CLOUD_LOGS === '1';
  const cloud = await startCloud({
    services: options.services ?? (await loadWorkspaceServices(findWorkspaceRoot())),
    asyncRetryDelaysMs: options.asyncRetryDelaysMs ?? [10, 20],
    log: (name, line) => {
      lines.push({ name, line });
      if (print) process.stderr.write(`[${name}] ${line}\n`);
    },
  });
  const clientConfig: ClientConfig = {
    endpoint: cloud.endpoint,
    region: cloud.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const lambda = new LambdaClient(clientConfig);
  return {
    endpoint: cloud.endpoint,
    httpApiUrl: cloud.httpApiUrl,
    sesUrl: cloud.sesUrl,
    recaptchaVerifyUrl: cloud.recaptchaVerifyUrl,
    smsUrl: cloud.smsUrl,
    oauthIssuerUrl: cloud.oauthIssuerUrl,
    region: cloud.region,
    clientConfig,
    async invoke(functionName, payload = {}, invokeOptions = {}) {
      const output = await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          Payload: JSON.stringify(payload),
          InvocationType: invokeOptions.invocationType ?? 'RequestResponse',
          ...(invokeOptions.qualifier === undefined ? {} : { Qualifier: invokeOptions.qualifier }),
        }),
      );
      const text = Buffer.from(output.Payload ?? []).toString('utf8');
      return {
        statusCode: output.StatusCode ?? 0,
        payload: text.length === 0 ? undefined : (JSON.parse(text) as unknown),
        ...(output.FunctionError === undefined ? {} : { functionError: output.FunctionError }),
      };
    },
    queueUrl: (name) => cloud.queueUrl(name),
    identityPoolId: (name) => cloud.identityPoolId(name),
    functionStats: (name) => cloud.runtime.stats(name),
    logs: (functionName) => lines.filter((l) => l.name === functionName).map((l) => l.line),
    drain: () => cloud.drain(),
    injectFault: (rule) => injectFault(cloud, rule),
    faults: () => listFaults(cloud),
    clearFaults: () => clearFaults(cloud),
    async stop() {
      lambda.destroy();
      await cloud.stop();
    },
  };
}
