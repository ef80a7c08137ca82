import { setTimeout as sleepMs } from 'node:timers/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SecretsManagerClient, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { SecretsToolError, UsageError } from './errors.js';
import { defaultHandoffSecret, defaultKmsKey } from './names.js';
import { DEFAULT_DRAIN_SECONDS, promote, rotate, stage, verify, type Clients } from './rotation.js';

export interface CliEnvironment {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The SDK clients; by default built from the SDK's own chain (AWS_REGION, AWS_ENDPOINT_URL, credentials). */
  createClients?: () => Clients;
  /** Reads a value given on standard input (stage --value-from-stdin, rotate --value-from-stdin). */
  readStdin?: () => Promise<string>;
  /** Waits out the drain period after promote; tests pass a fake. */
  sleep?: (seconds: number) => Promise<void>;
  now?: () => Date;
}

export const USAGE = `Usage:
  secrets stage   --parameter <name> [--handoff-secret <id>] [--value-from-stdin] [--restage]
  secrets promote --parameter <name> [--handoff-secret <id>] [--kms-key-id <key>] [--drain-seconds <n>]
  secrets verify  --parameter <name> [--handoff-secret <id>] [--fingerprint <sha256:...>]
  secrets rotate  --parameter <name> [--kms-key-id <key>] [--value-from-stdin]

A secret shared with the IDP (the proofing callback tokens) rotates in steps, with the IDP in between:
  stage    puts a new value (generated, or read from stdin) as AWSPENDING of the hand-off secret;
           the IDP then reads it there and accepts both old and new values.
  promote  writes the staged value to the SSM parameter, reads it back, makes it AWSCURRENT, and waits
           --drain-seconds (default ${DEFAULT_DRAIN_SECONDS}) for cached values and in-flight jobs; then the IDP drops the old value.
  verify   checks the parameter holds a real value, equal to --fingerprint when given and to the
           hand-off secret's current value when that secret exists.
A secret only this project holds rotates in one step:
  rotate   writes a new value to the parameter and reads it back; refused if a hand-off secret exists.

Defaults: --handoff-secret <name without leading />/handoff, --kms-key-id alias/<env>/parameters.
Values are never printed: only their fingerprints (sha256:<first 12 hex digits>).`;

const options = {
  parameter: { type: 'string' },
  'handoff-secret': { type: 'string' },
  'kms-key-id': { type: 'string' },
  'drain-seconds': { type: 'string' },
  fingerprint: { type: 'string' },
  'value-from-stdin': { type: 'boolean' },
  restage: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** Exit codes: 0 success, 1 a step or check failed, 2 the command line is wrong. */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  try {
    return await dispatch(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      env.err(`error: ${error.message}`);
      env.err(USAGE);
      return 2;
    }
    if (error instanceof SecretsToolError) {
      env.err(`error: ${error.message}`);
      return 1;
    }
    // AWS error messages name resources and actions, never the values sent.
    if (error instanceof SSMServiceException || error instanceof SecretsManagerServiceException) {
      env.err(
        `error: AWS answered ${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'}): ${error.message}`,
      );
      return 1;
    }
    throw error;
  }
}

async function dispatch(argv: readonly string[], env: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || !['stage', 'promote', 'verify', 'rotate'].includes(command)) {
    throw new UsageError(command === undefined ? 'a command is required' : `unknown command "${command}"`);
  }
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const parameter = values.parameter;
  if (parameter === undefined) throw new UsageError('--parameter is required');
  const handoffSecret = values['handoff-secret'] ?? defaultHandoffSecret(parameter);
  const kmsKeyId = values['kms-key-id'] ?? defaultKmsKey(parameter);
  const readValue = async (): Promise<string | undefined> => {
    if (values['value-from-stdin'] !== true) return undefined;
    if (env.readStdin === undefined) throw new UsageError('--value-from-stdin needs standard input');
    const value = (await env.readStdin()).replace(/\r?\n$/, '');
    if (value.length === 0) throw new UsageError('standard input held no value');
    return value;
  };
  const clients = (env.createClients ?? defaultClients)();

  switch (command) {
    case 'stage': {
      const result = await stage(clients, {
        handoffSecret,
        value: await readValue(),
        restage: values.restage,
      });
      env.out(`staged ${result.fingerprint} as AWSPENDING of ${handoffSecret} (version ${result.versionId})`);
      env.out(`next: the IDP accepts ${result.fingerprint} beside the old value, then run promote`);
      return 0;
    }
    case 'promote': {
      const drainSeconds = parseDrain(values['drain-seconds']);
      const result = await promote(clients, { parameter, handoffSecret, kmsKeyId });
      env.out(
        result.alreadyPromoted
          ? `${parameter} already holds ${result.fingerprint}; ${handoffSecret} marked current`
          : `${parameter} now holds ${result.fingerprint} (was ${result.previousFingerprint ?? 'unset'}), read back and compared`,
      );
      if (drainSeconds > 0) {
        env.out(
          `waiting ${drainSeconds} s for cached values and in-flight jobs to finish with the old value`,
        );
        await (env.sleep ?? ((s: number) => sleepMs(s * 1000)))(drainSeconds);
      }
      const now = (env.now ?? (() => new Date()))().toISOString();
      env.out(`${now}: the IDP may now stop accepting ${result.previousFingerprint ?? 'the old value'}`);
      return 0;
    }
    case 'verify': {
      const result = await verify(clients, {
        parameter,
        handoffSecret,
        requireHandoff: values['handoff-secret'] !== undefined,
        expectFingerprint: values.fingerprint,
      });
      const against = [
        values.fingerprint === undefined ? undefined : 'the expected fingerprint',
        result.comparedWithHandoff ? `the current value of ${handoffSecret}` : undefined,
      ].filter((part) => part !== undefined);
      env.out(
        `${parameter} holds ${result.fingerprint}${against.length > 0 ? `, equal to ${against.join(' and ')}` : ', a real value'}`,
      );
      return 0;
    }
    default: {
      const result = await rotate(clients, { parameter, handoffSecret, kmsKeyId, value: await readValue() });
      env.out(
        `${parameter} now holds ${result.fingerprint} (was ${result.previousFingerprint ?? 'unset'}), read back and compared`,
      );
      return 0;
    }
  }
}

function parseDrain(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_DRAIN_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) {
    throw new UsageError(
      `--drain-seconds must be a whole number of seconds between 0 and 3600 (got "${raw}")`,
    );
  }
  return seconds;
}

function defaultClients(): Clients {
  return { ssm: new SSMClient({}), secrets: new SecretsManagerClient({}) };
}
