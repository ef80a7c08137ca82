import { setTimeout as sleepMs } from 'node:timers/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SecretsManagerClient, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { VENDOR_SECRET_KINDS, type VendorSecretKind } from '@backend/vendors';
import { SecretsToolError, UsageError } from './errors.js';
import {
  checkVendorFields,
  parseJsonObject,
  putJsonSecret,
  rollbackJsonSecret,
  verifyJsonSecret,
  type PutJsonResult,
} from './json-secret.js';
import { checkSecretId, defaultHandoffSecret, defaultKmsKey, vendorOfSecret } from './names.js';
import { DEFAULT_DRAIN_SECONDS, promote, rotate, stage, verify, type Clients } from './rotation.js';

export interface CliEnvironment {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The SDK clients; by default built from the SDK's own chain (AWS_REGION, AWS_ENDPOINT_URL, credentials). */
  createClients?: () => Clients;
  /** Reads a value piped to standard input (put-json, and stage or rotate with --value-from-stdin). */
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
  secrets put-json      --secret <name> [--vendor lexisnexis|aamva|acuant]   < value.json
  secrets verify-json   --secret <name> [--vendor lexisnexis|aamva|acuant]
  secrets rollback-json --secret <name>

A secret shared with the IDP (the proofing callback tokens) rotates in steps, with the IDP in between:
  stage    puts a new value (generated, or read from stdin) as AWSPENDING of the hand-off secret;
           the IDP then reads it there and accepts both old and new values.
  promote  writes the staged value to the SSM parameter, reads it back, makes it AWSCURRENT, and waits
           --drain-seconds (default ${DEFAULT_DRAIN_SECONDS}) for cached values and in-flight jobs; then the IDP drops the old value.
  verify   checks the parameter holds a real value, equal to --fingerprint when given and to the
           hand-off secret's current value when that secret exists.
A secret only this project holds rotates in one step:
  rotate   writes a new value to the parameter and reads it back; refused if a hand-off secret exists.
A Secrets Manager JSON secret (the proofing vendors' <env>/proofing/vendors/<vendor>):
  put-json       reads a JSON object from standard input (a pipe or a file, never the terminal), checks it
                 against the vendor's fields (--vendor, or the vendor a secret name of that form names),
                 puts it as AWSCURRENT (the old value becomes AWSPREVIOUS) and reads it back.
  verify-json    checks that AWSCURRENT is a JSON object the vendor's client reads (not the placeholder)
                 and prints its fingerprint and field names, to compare with put-json's.
  rollback-json  makes AWSPREVIOUS current again; refuses Terraform's placeholder.

Defaults: --handoff-secret <name without leading />/handoff, --kms-key-id alias/<env>/parameters.
Values are never printed: only their fingerprints (sha256:<first 12 hex digits>) and field names.`;

const options = {
  parameter: { type: 'string' },
  'handoff-secret': { type: 'string' },
  'kms-key-id': { type: 'string' },
  'drain-seconds': { type: 'string' },
  fingerprint: { type: 'string' },
  'value-from-stdin': { type: 'boolean' },
  restage: { type: 'boolean' },
  secret: { type: 'string' },
  vendor: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type Option = keyof typeof options;

/** The options each command takes; any other is a usage error rather than silently ignored. */
const COMMANDS: Readonly<Record<string, readonly Option[]>> = {
  stage: ['parameter', 'handoff-secret', 'value-from-stdin', 'restage'],
  promote: ['parameter', 'handoff-secret', 'kms-key-id', 'drain-seconds'],
  verify: ['parameter', 'handoff-secret', 'fingerprint'],
  rotate: ['parameter', 'handoff-secret', 'kms-key-id', 'value-from-stdin'],
  'put-json': ['secret', 'vendor'],
  'verify-json': ['secret', 'vendor'],
  'rollback-json': ['secret'],
};

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
  const allowed = command === undefined ? undefined : COMMANDS[command];
  if (command === undefined || allowed === undefined) {
    throw new UsageError(command === undefined ? 'a command is required' : `unknown command "${command}"`);
  }
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const extra = (Object.keys(values) as Option[]).find((name) => !allowed.includes(name));
  if (extra !== undefined) throw new UsageError(`${command} does not take --${extra}`);
  if (command === 'put-json' || command === 'verify-json' || command === 'rollback-json') {
    return jsonCommand(command, values, env);
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

async function jsonCommand(
  command: 'put-json' | 'verify-json' | 'rollback-json',
  values: { secret?: string; vendor?: string },
  env: CliEnvironment,
): Promise<number> {
  if (values.secret === undefined) throw new UsageError('--secret is required');
  const secretId = checkSecretId(values.secret);
  if (command === 'rollback-json') {
    const result = await rollbackJsonSecret((env.createClients ?? defaultClients)().secrets, { secretId });
    env.out(
      `${secretId} holds ${result.fingerprint} again as AWSCURRENT (version ${result.versionId}), read back`,
    );
    if (result.fields !== undefined) env.out(`fields: ${result.fields.join(', ')}`);
    env.out(`version ${result.replacedVersionId}, rolled away from, is now AWSPREVIOUS`);
    return 0;
  }

  const vendor = vendorToCheck(secretId, values.vendor);
  if (command === 'verify-json') {
    const result = await verifyJsonSecret((env.createClients ?? defaultClients)().secrets, {
      secretId,
      ...(vendor === undefined ? {} : { vendor }),
    });
    env.out(`${secretId} holds ${result.fingerprint} as AWSCURRENT (version ${result.versionId})`);
    env.out(fieldsLine(result.fields, vendor));
    return 0;
  }
  if (env.readStdin === undefined) throw new UsageError('put-json reads the JSON object from standard input');
  // Everything about the value is checked before any request is made.
  const value = parseJsonObject(await env.readStdin());
  if (vendor !== undefined) checkVendorFields(vendor, value);
  const result = await putJsonSecret((env.createClients ?? defaultClients)().secrets, { secretId, value });
  for (const line of describePut(secretId, vendor, result)) env.out(line);
  return 0;
}

/** --vendor, else the vendor a `<env>/proofing/vendors/<vendor>` name names; a contradiction is refused. */
function vendorToCheck(secretId: string, flag: string | undefined): VendorSecretKind | undefined {
  const known = (name: string | undefined): name is VendorSecretKind =>
    (VENDOR_SECRET_KINDS as readonly (string | undefined)[]).includes(name);
  if (flag !== undefined && !known(flag)) {
    throw new UsageError(`--vendor must be one of ${VENDOR_SECRET_KINDS.join(', ')} (got "${flag}")`);
  }
  const named = vendorOfSecret(secretId);
  if (flag !== undefined && known(named) && named !== flag) {
    throw new UsageError(`--vendor ${flag} does not match the secret ${secretId}, which is ${named}'s`);
  }
  return flag ?? (known(named) ? named : undefined);
}

function describePut(
  secretId: string,
  vendor: VendorSecretKind | undefined,
  result: PutJsonResult,
): string[] {
  const fields = fieldsLine(result.fields, vendor);
  if (result.unchanged) {
    return [
      `${secretId} already holds ${result.fingerprint} as AWSCURRENT (version ${result.versionId}): nothing put`,
      fields,
    ];
  }
  const previous =
    result.previousVersionId === undefined
      ? 'previous: none, this is the first value'
      : result.previousIsPlaceholder
        ? `previous: Terraform's placeholder (version ${result.previousVersionId}), nothing to roll back to`
        : `previous: version ${result.previousVersionId}, now AWSPREVIOUS; back to it: rollback-json --secret ${secretId}`;
  return [
    `${secretId} now holds ${result.fingerprint} as AWSCURRENT (version ${result.versionId}), read back and compared`,
    fields,
    previous,
  ];
}

function fieldsLine(fields: readonly string[], vendor: VendorSecretKind | undefined): string {
  return `fields: ${fields.join(', ')}${vendor === undefined ? '' : ` (checked as ${vendor}'s)`}`;
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
