import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  addressCallbackSchema,
  checkCallbackSignature,
  documentCallbackSchema,
  resolutionCallbackSchema,
  LOCAL_ENVIRONMENT,
  callbackSigningKeyParameterName,
  callbackTokenParameterName,
  type JobType,
} from '@backend/contracts';
import { findWorkspaceRoot, loadWorkspaceServices } from '@backend/local-cloud';
import { compileValidator } from '@backend/platform';
import {
  startCallbackReceiver,
  type CallbackReceiver,
  type CallbackReceiverOptions,
} from './callback-receiver.js';
import { startLocalCloud, type StartLocalCloudOptions, type TestLocalCloud } from './local-cloud.js';

/** A proofing job type: @backend/contracts' JobType, under the name the harness's callers know. */
export type ProofingJobType = JobType;

export interface ProofingHarness {
  cloud: TestLocalCloud;
  receiver: CallbackReceiver;
  /** The job type's callback token, as the local cloud's SSM holds it. */
  token(type: ProofingJobType): Promise<string>;
  /** The job type's callback signing key, as the local cloud's SSM holds it (the IDP's copy). */
  signingKey(type: ProofingJobType): Promise<string>;
  /** The SSM parameter the jobs derive their outcome keys from (a test may overwrite it). */
  readonly outcomeKeyParameter: string;
  /** A fresh callback_url of the receiver, as the IDP would make one per result. */
  callbackUrl(type: ProofingJobType): string;
  /**
   * Plays the IDP: invokes `local-proof-<type>` asynchronously with `payload` (its callback_url made here),
   * waits for the callback, checks its token, signature and schema, and returns `<type>_result`.
   */
  proof(type: ProofingJobType, payload: object): Promise<Record<string, unknown>>;
  /** A function's log lines about one result id (every job line carries it once the callback_url is checked). */
  resultLogs(functionName: string, resultId: string): string[];
  stop(): Promise<void>;
}

/** How many of `lines` log `message` (e.g. `vendor answered`: one per vendor call). */
export const countLogMessages = (lines: readonly string[], message: string): number =>
  lines.filter((line) => line.includes(`"message":"${message}"`)).length;

const callbackSchemas = {
  address: addressCallbackSchema,
  resolution: resolutionCallbackSchema,
  document: documentCallbackSchema,
} as const;

/** A local cloud with the proofing service and an IDP-like callback receiver, for the proofing apps' tests. */
export async function startProofingHarness(
  options: StartLocalCloudOptions & {
    receiver?: CallbackReceiverOptions;
    /** Extra environment variables by function name, on top of the workspace's declaration. */
    functionEnvironment?: Readonly<Record<string, Readonly<Record<string, string>>>>;
    /** A queue's declared visibility timeout replaced, by queue name (so redrives to a DLQ fit in a test). */
    visibilityTimeoutSeconds?: Readonly<Record<string, number>>;
  } = {},
): Promise<ProofingHarness> {
  const extra = options.functionEnvironment ?? {};
  const visibility = options.visibilityTimeoutSeconds ?? {};
  const services = (options.services ?? (await loadWorkspaceServices(findWorkspaceRoot()))).map(
    (service) => ({
      ...service,
      queues: service.queues?.map((queue) =>
        visibility[queue.name] === undefined
          ? queue
          : { ...queue, visibilityTimeoutSeconds: visibility[queue.name] },
      ),
      functions: service.functions?.map((fn) => ({
        ...fn,
        environment: { ...fn.environment, ...extra[fn.name] },
      })),
    }),
  );
  // The parameter the jobs' declaration names (libs/proofing's service), read from it rather than repeated here.
  const outcomeKeyParameter = services
    .flatMap((service) => service.functions ?? [])
    .map((fn) => fn.environment?.['RESULT_KEY_PARAMETER'])
    .find((value): value is string => typeof value === 'string');
  if (outcomeKeyParameter === undefined)
    throw new Error('No declared function reads RESULT_KEY_PARAMETER: is the proofing service deployed?');
  const [cloud, receiver] = await Promise.all([
    startLocalCloud({ ...options, services }),
    startCallbackReceiver(options.receiver),
  ]);
  const ssm = new SSMClient(cloud.clientConfig);
  const parameters = new Map<string, string>();
  let results = 0;

  const parameter = async (name: string): Promise<string> => {
    let value = parameters.get(name);
    if (value === undefined) {
      const output = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      value = output.Parameter?.Value ?? '';
      parameters.set(name, value);
    }
    return value;
  };
  const token = (type: ProofingJobType) => parameter(callbackTokenParameterName(LOCAL_ENVIRONMENT, type));
  const signingKey = (type: ProofingJobType) =>
    parameter(callbackSigningKeyParameterName(LOCAL_ENVIRONMENT, type));
  const callbackUrl = (type: ProofingJobType) =>
    `${receiver.url}/api/proofing_results/${type}/result-${++results}`;

  return {
    cloud,
    receiver,
    token,
    signingKey,
    outcomeKeyParameter,
    callbackUrl,
    resultLogs: (functionName, resultId) =>
      cloud.logs(functionName).filter((line) => line.includes(`"result_id":"${resultId}"`)),
    async proof(type, payload) {
      const callback_url = callbackUrl(type);
      const invoked = await cloud.invoke(
        `local-proof-${type}`,
        { ...payload, callback_url },
        { invocationType: 'Event' },
      );
      if (invoked.statusCode !== 202) throw new Error(`Event invoke answered ${invoked.statusCode}`);
      const request = await receiver.waitForRequest(20_000);
      if (request.path !== new URL(callback_url).pathname)
        throw new Error(`callback to ${request.path}, not ${callback_url}`);
      if (request.headers['x-api-auth-token'] !== (await token(type)))
        throw new Error('callback without the job token');
      // As the IDP must: the contract's reference verification, with the signing key (never the token).
      const signature = request.headers['x-signature'];
      const verdict = checkCallbackSignature(
        typeof signature === 'string' ? signature : undefined,
        request,
        await signingKey(type),
      );
      if (verdict !== 'valid') throw new Error(`callback signature: ${verdict}`);
      const body = JSON.parse(request.body) as Record<string, Record<string, unknown>>;
      try {
        // The project's one strict Ajv, compiled once per schema on first use.
        compileValidator(callbackSchemas[type])(body);
      } catch (error) {
        throw new Error(`callback body breaks the contract: ${(error as Error).message}`, { cause: error });
      }
      return body[`${type}_result`] ?? {};
    },
    async stop() {
      ssm.destroy();
      await Promise.all([cloud.stop(), receiver.close()]);
    },
  };
}
