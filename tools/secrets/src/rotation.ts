import { randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import {
  AlreadyStagedError,
  NothingStagedError,
  SecretsToolError,
  SharedSecretError,
  VerificationError,
} from './errors.js';
import { CURRENT, PENDING, holderOf } from './stages.js';
import { PLACEHOLDER, fingerprint, generateSecret } from './values.js';

/**
 * How long the old value stays in use after the parameter changes: the functions cache parameters for
 * at most 30 s, and a job that read the old value may still send its callback up to its 55 s limit
 * (45 s budget plus the callback). Past this, the IDP can stop accepting the old value.
 */
export const DEFAULT_DRAIN_SECONDS = 90;

export interface Clients {
  ssm: SSMClient;
  secrets: SecretsManagerClient;
}

export interface StageResult {
  fingerprint: string;
  versionId: string;
}

export interface PromoteResult {
  fingerprint: string;
  /** Fingerprint of the value the parameter held before, or undefined if it was the placeholder or missing. */
  previousFingerprint: string | undefined;
  /** The parameter already held the staged value (a repeated promote): nothing was written. */
  alreadyPromoted: boolean;
}

async function readParameter(ssm: SSMClient, name: string): Promise<string | undefined> {
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined;
    throw error;
  }
}

async function writeParameter(ssm: SSMClient, name: string, value: string, kmsKeyId: string): Promise<void> {
  // KeyId every time: an overwrite without it would silently move the parameter to aws/ssm.
  await ssm.send(
    new PutParameterCommand({
      Name: name,
      Value: value,
      Type: 'SecureString',
      KeyId: kmsKeyId,
      Overwrite: true,
    }),
  );
  const readBack = await readParameter(ssm, name);
  if (readBack === undefined || fingerprint(readBack) !== fingerprint(value)) {
    throw new VerificationError(
      `${name} reads back ${readBack === undefined ? 'nothing' : fingerprint(readBack)} after writing ${fingerprint(value)}`,
    );
  }
}

async function readStage(
  secrets: SecretsManagerClient,
  secretId: string,
  stage: string,
): Promise<{ value: string; versionId: string } | undefined> {
  try {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
    if (out.SecretString === undefined || out.VersionId === undefined) return undefined;
    return { value: out.SecretString, versionId: out.VersionId };
  } catch (error) {
    // Also what Secrets Manager answers for a stage no version carries.
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function handoffExists(secrets: SecretsManagerClient, secretId: string): Promise<boolean> {
  try {
    await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/**
 * Step 1 of a shared-secret rotation: a new value (generated, or given for values another party
 * issues) becomes the AWSPENDING version of the hand-off secret, where the IDP reads it to start
 * accepting it beside the old one. The parameter the functions read is not touched.
 */
export async function stage(
  clients: Clients,
  options: { handoffSecret: string; value?: string; restage?: boolean },
): Promise<StageResult> {
  const pending = await readStage(clients.secrets, options.handoffSecret, PENDING);
  if (pending !== undefined && options.restage !== true) {
    throw new AlreadyStagedError(
      `${options.handoffSecret} already has a staged value (${fingerprint(pending.value)}); promote it, or pass --restage to replace it before the IDP has taken it`,
    );
  }
  const value = options.value ?? generateSecret();
  if (value.length === 0 || value === PLACEHOLDER)
    throw new SecretsToolError('refusing to stage an empty or placeholder value');
  const out = await clients.secrets.send(
    new PutSecretValueCommand({
      SecretId: options.handoffSecret,
      SecretString: value,
      VersionStages: [PENDING],
      ClientRequestToken: randomUUID(),
    }),
  );
  const readBack = await readStage(clients.secrets, options.handoffSecret, PENDING);
  if (
    readBack === undefined ||
    readBack.versionId !== out.VersionId ||
    fingerprint(readBack.value) !== fingerprint(value)
  ) {
    throw new VerificationError(
      `${options.handoffSecret} does not read back the staged value ${fingerprint(value)}`,
    );
  }
  return { fingerprint: fingerprint(value), versionId: readBack.versionId };
}

/**
 * Step 3, once the IDP accepts both values: the staged value goes into the parameter (read back and
 * compared), and becomes AWSCURRENT of the hand-off secret (the old one AWSPREVIOUS). The caller then
 * waits DEFAULT_DRAIN_SECONDS before the IDP drops the old value. Repeating it is harmless.
 */
export async function promote(
  clients: Clients,
  options: { parameter: string; handoffSecret: string; kmsKeyId: string },
): Promise<PromoteResult> {
  const pending = await readStage(clients.secrets, options.handoffSecret, PENDING);
  if (pending === undefined) {
    throw new NothingStagedError(`${options.handoffSecret} has no staged value: run stage first`);
  }
  const previous = await readParameter(clients.ssm, options.parameter);
  const alreadyPromoted = previous !== undefined && fingerprint(previous) === fingerprint(pending.value);
  if (!alreadyPromoted) await writeParameter(clients.ssm, options.parameter, pending.value, options.kmsKeyId);

  const description = await clients.secrets.send(
    new DescribeSecretCommand({ SecretId: options.handoffSecret }),
  );
  const currentVersion = holderOf(description.VersionIdsToStages ?? {}, CURRENT);
  if (currentVersion !== pending.versionId) {
    await clients.secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: options.handoffSecret,
        VersionStage: CURRENT,
        MoveToVersionId: pending.versionId,
        RemoveFromVersionId: currentVersion,
      }),
    );
  }
  await clients.secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: options.handoffSecret,
      VersionStage: PENDING,
      RemoveFromVersionId: pending.versionId,
    }),
  );
  return {
    fingerprint: fingerprint(pending.value),
    previousFingerprint:
      previous === undefined || previous === PLACEHOLDER ? undefined : fingerprint(previous),
    alreadyPromoted,
  };
}

/**
 * Checks that the parameter holds a real value, equal to an expected fingerprint when given, and to
 * the hand-off secret's AWSCURRENT value when that secret exists (it must when requireHandoff).
 * Returns the parameter's fingerprint and what it was compared with.
 */
export async function verify(
  clients: Clients,
  options: { parameter: string; handoffSecret: string; requireHandoff?: boolean; expectFingerprint?: string },
): Promise<{ fingerprint: string; comparedWithHandoff: boolean }> {
  const value = await readParameter(clients.ssm, options.parameter);
  if (value === undefined) throw new VerificationError(`${options.parameter} does not exist`);
  if (value === PLACEHOLDER)
    throw new VerificationError(`${options.parameter} still holds the placeholder: it was never set`);
  const actual = fingerprint(value);
  if (options.expectFingerprint !== undefined && options.expectFingerprint !== actual) {
    throw new VerificationError(
      `${options.parameter} holds ${actual}, expected ${options.expectFingerprint}`,
    );
  }
  if (!(await handoffExists(clients.secrets, options.handoffSecret))) {
    if (options.requireHandoff === true)
      throw new VerificationError(`${options.handoffSecret} does not exist`);
    return { fingerprint: actual, comparedWithHandoff: false };
  }
  const current = await readStage(clients.secrets, options.handoffSecret, CURRENT);
  if (current === undefined) throw new VerificationError(`${options.handoffSecret} has no current value`);
  if (fingerprint(current.value) !== actual) {
    throw new VerificationError(
      `${options.parameter} holds ${actual} but ${options.handoffSecret} says the current value is ${fingerprint(current.value)}`,
    );
  }
  return { fingerprint: actual, comparedWithHandoff: true };
}

/**
 * One-shot rotation of a secret only this project holds: new value, write, read back. Refused for a
 * parameter with a hand-off secret, whose other holder must accept the new value first.
 */
export async function rotate(
  clients: Clients,
  options: { parameter: string; handoffSecret: string; kmsKeyId: string; value?: string },
): Promise<PromoteResult> {
  if (await handoffExists(clients.secrets, options.handoffSecret)) {
    throw new SharedSecretError(
      `${options.parameter} is shared (hand-off secret ${options.handoffSecret} exists): use stage, let the IDP accept the new value, then promote`,
    );
  }
  const previous = await readParameter(clients.ssm, options.parameter);
  const value = options.value ?? generateSecret();
  await writeParameter(clients.ssm, options.parameter, value, options.kmsKeyId);
  return {
    fingerprint: fingerprint(value),
    previousFingerprint:
      previous === undefined || previous === PLACEHOLDER ? undefined : fingerprint(previous),
    alreadyPromoted: false,
  };
}
