// Rotating the address callback token against the local cloud (real SSM and Secrets Manager over the edge
// endpoint) while proof-address jobs keep running, with a receiver that plays the IDP during a rotation.
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { LOCAL_ENVIRONMENT } from '@backend/contracts';
import { callbackTokenParameter } from '@backend/proofing';
import { SERVICES } from '@backend/services';
import {
  startCallbackReceiver,
  startLocalCloud,
  type CallbackReceiver,
  type TestLocalCloud,
} from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHandoffSecret, fingerprint, runCli, type Clients } from '../../src/index.js';

const run = promisify(execFile);
const FUNCTION = `${LOCAL_ENVIRONMENT}-proof-address`;
const PARAMETER = callbackTokenParameter('address');
const HANDOFF = defaultHandoffSecret(PARAMETER);
/**
 * The function's parameter cache window in this test, set through Powertools' own variable, which
 * libs/platform's getSecureParameter honours when no max age is given (30 s otherwise). promote's drain
 * waits a second longer, as production's 90 s drain outlasts the 30 s cache and a job.
 */
const CACHE_SECONDS = 1;
const DRAIN_SECONDS = CACHE_SECONDS + 1;
/** Pause between two job invocations: several jobs per second through every step of the rotation. */
const JOB_PACE_MS = 40;

// proof-address as the workspace deploys it, with a short parameter cache.
const services = SERVICES.map((service) => ({
  ...service,
  functions: service.functions?.map((fn) =>
    fn.name === FUNCTION
      ? { ...fn, environment: { ...fn.environment, POWERTOOLS_PARAMETERS_MAX_AGE: String(CACHE_SECONDS) } }
      : fn,
  ),
}));

let cloud: TestLocalCloud;
let receiver: CallbackReceiver;
let clients: Clients;
/** The tokens the IDP accepts right now: the old one, both during the rotation, then the new one. */
const accepted = new Set<string>();
const answered: { path: string; token: string; status: number; at: number }[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({ services });
  receiver = await startCallbackReceiver({
    status: (request) => {
      const token = String(request.headers['x-api-auth-token'] ?? '');
      const status = accepted.has(token) ? 200 : 401;
      answered.push({ path: request.path, token, status, at: performance.now() });
      return status;
    },
  });
  clients = {
    ssm: new SSMClient(cloud.clientConfig),
    secrets: new SecretsManagerClient(cloud.clientConfig),
  };
});

afterAll(async () => {
  clients?.ssm.destroy();
  clients?.secrets.destroy();
  await Promise.all([receiver?.close(), cloud?.stop()]);
});

async function cli(argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => out.push(line),
    createClients: () => clients,
  });
  return { code, out };
}

const parameterValue = async () =>
  (await clients.ssm.send(new GetParameterCommand({ Name: PARAMETER, WithDecryption: true }))).Parameter!
    .Value!;

/** Invokes address jobs one after another (Event, as the IDP does) until stopped; records when each started. */
function keepInvoking() {
  const jobs: { path: string; invokedAt: number }[] = [];
  let stopped = false;
  const done = (async () => {
    for (let n = 0; !stopped; n++) {
      const path = `/api/address/proofing_results/rotation-${n}`;
      jobs.push({ path, invokedAt: performance.now() });
      const invoked = await cloud.invoke(
        FUNCTION,
        {
          applicant_pii: {
            uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
            first_name: 'Rota',
            last_name: 'Tion',
            dob: '1980-01-01',
            ssn: '900-00-0002',
            phone: '2025550123',
          },
          callback_url: `${receiver.url}${path}`,
          trace_id: `rotation-${n}`,
        },
        { invocationType: 'Event', qualifier: '0123456789' },
      );
      if (invoked.statusCode !== 202) throw new Error(`Invoke answered ${invoked.statusCode}`);
      await sleep(JOB_PACE_MS);
    }
  })();
  return {
    jobs,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

/** Waits until `count` callbacks have arrived in all. */
async function callbacksReach(count: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (receiver.requests.length < count) {
    if (Date.now() > deadline) throw new Error(`${receiver.requests.length} of ${count} callbacks arrived`);
    await sleep(10);
  }
}

describe('rotating the address callback token under load', () => {
  it('delivers every job in flight with an accepted token, and the new token once the cache window has passed', async () => {
    // As terraform/modules/parameters leaves it: the parameter holds the value in use, the hand-off secret is empty.
    await clients.secrets.send(new CreateSecretCommand({ Name: HANDOFF }));
    const oldToken = await parameterValue();
    accepted.add(oldToken);

    const load = keepInvoking();
    try {
      await callbacksReach(5);

      // 1. stage: the new value waits as AWSPENDING; the functions still send the old one.
      const staged = await cli(['stage', '--parameter', PARAMETER]);
      expect(staged.code).toBe(0);
      // 2. the IDP reads the pending value and accepts both.
      const { SecretString: newToken } = await clients.secrets.send(
        new GetSecretValueCommand({ SecretId: HANDOFF, VersionStage: 'AWSPENDING' }),
      );
      expect(newToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(staged.out[0]).toContain(fingerprint(newToken!));
      accepted.add(newToken!);
      const before = receiver.requests.length;
      await callbacksReach(before + 5);

      // 3 and 4. promote writes the parameter, then waits out the cache window while jobs keep coming.
      const promoteStarted = performance.now();
      const promoted = await cli([
        'promote',
        '--parameter',
        PARAMETER,
        '--drain-seconds',
        String(DRAIN_SECONDS),
      ]);
      const drained = performance.now();
      expect(promoted.code).toBe(0);
      expect(promoted.out.at(-1)).toContain(`the IDP may now stop accepting ${fingerprint(oldToken)}`);
      expect(await parameterValue()).toBe(newToken);

      // 5. the IDP drops the old value; jobs go on for another cache window.
      accepted.delete(oldToken);
      await sleep(CACHE_SECONDS * 1000);
      await load.stop();
      await cloud.drain();
      await callbacksReach(load.jobs.length);

      // 6. verify, with the real command line and the SDK's default chain pointed at the edge endpoint.
      const verified = await run(
        process.execPath,
        [
          'node_modules/tsx/dist/cli.mjs',
          '--tsconfig',
          'tsconfig.base.json',
          'tools/secrets/src/cli.ts',
          'verify',
          '--parameter',
          PARAMETER,
        ],
        {
          env: {
            PATH: process.env.PATH,
            AWS_ENDPOINT_URL: cloud.endpoint,
            AWS_REGION: cloud.region,
            AWS_ACCESS_KEY_ID: 'local',
            AWS_SECRET_ACCESS_KEY: 'local',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
        },
      );
      expect(verified.stdout.trim()).toBe(
        `${PARAMETER} holds ${fingerprint(newToken!)}, equal to the current value of ${HANDOFF}`,
      );

      // Every job delivered exactly one callback, answered 200: none was refused, retried or failed.
      expect(answered.map((a) => a.path).sort()).toEqual(load.jobs.map((j) => j.path).sort());
      expect(answered.filter((a) => a.status !== 200)).toEqual([]);
      // Callbacks that arrived before promote began carry the old token; jobs invoked after the drain, the new one.
      expect(new Set(answered.filter((a) => a.at < promoteStarted).map((a) => a.token))).toEqual(
        new Set([oldToken]),
      );
      const tokenOf = new Map(answered.map((a) => [a.path, a.token]));
      const afterDrain = load.jobs.filter((j) => j.invokedAt >= drained);
      expect(new Set(afterDrain.map((j) => tokenOf.get(j.path)))).toEqual(new Set([newToken]));
      expect(afterDrain.length).toBeGreaterThan(3);

      // Nothing reached the failure destination, and no token was ever logged.
      const failures = new SQSClient(cloud.clientConfig);
      const { Messages = [] } = await failures.send(
        new ReceiveMessageCommand({ QueueUrl: cloud.queueUrl(`${LOCAL_ENVIRONMENT}-proofing-failures`) }),
      );
      failures.destroy();
      expect(Messages).toEqual([]);
      const logs = cloud.logs(FUNCTION).join('\n');
      expect(logs).not.toContain(oldToken);
      expect(logs).not.toContain(newToken);
    } finally {
      // Stops the jobs when an assertion failed half-way, before afterAll stops the local cloud.
      await load.stop().catch(() => undefined);
    }
  }, 60_000);
});
