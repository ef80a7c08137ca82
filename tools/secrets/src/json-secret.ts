import { randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { VendorConfigError, checkVendorSecret, type VendorSecretKind } from '@backend/vendors';
import { SecretStateError, SecretValueError, VerificationError } from './errors.js';
import { CURRENT, PREVIOUS, holderOf } from './stages.js';
import { fingerprint } from './values.js';

/** Secrets Manager's limit for SecretString. */
export const MAX_SECRET_BYTES = 65_536;

/** The label terraform/modules/secrets keeps on its placeholder version for good. */
export const PLACEHOLDER_STAGE = 'TERRAFORM_PLACEHOLDER';

/** A JSON object ready to put: its compact text (what is stored and fingerprinted) and its field names. */
export interface JsonSecretValue {
  readonly secretString: string;
  /** Sorted, as `jq keys` lists them. */
  readonly fields: readonly string[];
}

export interface PutJsonResult {
  readonly fingerprint: string;
  readonly fields: readonly string[];
  /** The version that is AWSCURRENT now. */
  readonly versionId: string;
  /** The version that was AWSCURRENT before (now AWSPREVIOUS); undefined for a secret's first value. */
  readonly previousVersionId: string | undefined;
  /** The previous version is Terraform's placeholder: there is nothing to roll back to. */
  readonly previousIsPlaceholder: boolean;
  /** The secret already held exactly this value: nothing was put, so AWSPREVIOUS still holds the real previous value. */
  readonly unchanged: boolean;
}

export interface VerifyJsonResult {
  readonly fingerprint: string;
  readonly fields: readonly string[];
  readonly versionId: string;
}

export interface RollbackResult {
  readonly fingerprint: string;
  /** Field names of the value now current, when it is a JSON object. */
  readonly fields: readonly string[] | undefined;
  /** The version that is AWSCURRENT again. */
  readonly versionId: string;
  /** The version rolled away from, now AWSPREVIOUS. */
  readonly replacedVersionId: string;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Parses the text of a JSON secret. Anything but a non-empty object is refused, and no message quotes the
 * text (JSON.parse's own message does, so it is dropped). The stored form is compact JSON: the same bytes
 * as `jq -cj .` of the input for ordinary values, and one value per field when a name repeats.
 */
export function parseJsonObject(text: string, source = 'standard input'): JsonSecretValue {
  if (text.trim().length === 0) throw new SecretValueError(`${source} held no value`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const hint = source === 'standard input' ? ' (`jq empty < file` shows where, printing no value)' : '';
    throw new SecretValueError(`${source} is not valid JSON${hint}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SecretValueError(`${source} must be a JSON object, not ${kindOf(value)}`);
  }
  const fields = Object.keys(value).sort();
  if (fields.length === 0) throw new SecretValueError('the JSON object has no fields');
  const secretString = JSON.stringify(value);
  if (Buffer.byteLength(secretString, 'utf8') > MAX_SECRET_BYTES) {
    throw new SecretValueError(`the JSON object is larger than Secrets Manager's ${MAX_SECRET_BYTES} bytes`);
  }
  return { secretString, fields };
}

/** Refuses a value the vendor's client would refuse, with its message (which names fields, never values). */
export function checkVendorFields(vendor: VendorSecretKind, value: JsonSecretValue): void {
  try {
    checkVendorSecret(vendor, value.secretString);
  } catch (error) {
    if (error instanceof VendorConfigError) {
      throw new SecretValueError(`not a ${vendor} secret the jobs can read: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

async function versionsOf(
  secrets: SecretsManagerClient,
  secretId: string,
): Promise<Record<string, string[]>> {
  try {
    const out = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
    return out.VersionIdsToStages ?? {};
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      throw new SecretStateError(
        `${secretId} does not exist: Terraform creates it (docs/runbooks/proofing-launch.md, vendor secrets step 1)`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function readCurrent(
  secrets: SecretsManagerClient,
  secretId: string,
): Promise<{ versionId: string | undefined; value: string | undefined }> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: CURRENT }));
  return { versionId: out.VersionId, value: out.SecretString };
}

/**
 * Puts a JSON object as a new AWSCURRENT version of an existing secret (Secrets Manager moves AWSPREVIOUS
 * to the version that was current, so going back is one UpdateSecretVersionStage: `rollbackJsonSecret`),
 * then reads AWSCURRENT back and compares it with what was put. A value equal to the current one is not put
 * again, so a repeated run leaves AWSPREVIOUS on the real previous value.
 */
export async function putJsonSecret(
  secrets: SecretsManagerClient,
  options: { secretId: string; value: JsonSecretValue },
): Promise<PutJsonResult> {
  const { secretId, value } = options;
  const versions = await versionsOf(secrets, secretId);
  const currentId = holderOf(versions, CURRENT);
  const result = { fingerprint: fingerprint(value.secretString), fields: value.fields };
  if (currentId !== undefined) {
    const current = await readCurrent(secrets, secretId);
    if (current.value === value.secretString && current.versionId !== undefined) {
      const previousId = holderOf(versions, PREVIOUS);
      return {
        ...result,
        versionId: current.versionId,
        previousVersionId: previousId,
        previousIsPlaceholder: previousId !== undefined && versions[previousId]!.includes(PLACEHOLDER_STAGE),
        unchanged: true,
      };
    }
  }
  const put = await secrets.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      SecretString: value.secretString,
      // A fresh token: the same value put again after a rollback must become current again.
      ClientRequestToken: randomUUID(),
      VersionStages: [CURRENT],
    }),
  );
  const readBack = await readCurrent(secrets, secretId);
  if (
    readBack.versionId === undefined ||
    readBack.versionId !== put.VersionId ||
    readBack.value !== value.secretString
  ) {
    throw new VerificationError(
      `${secretId} reads back ${readBack.value === undefined ? 'no string' : fingerprint(readBack.value)} (version ${readBack.versionId ?? '?'}) as AWSCURRENT after putting ${result.fingerprint} (version ${put.VersionId ?? '?'})`,
    );
  }
  return {
    ...result,
    versionId: readBack.versionId,
    previousVersionId: currentId,
    previousIsPlaceholder: currentId !== undefined && versions[currentId]!.includes(PLACEHOLDER_STAGE),
    unchanged: false,
  };
}

/**
 * Makes AWSPREVIOUS current again (Secrets Manager then labels the version rolled away from AWSPREVIOUS, so
 * a second run goes forward again), and reads it back. Refuses Terraform's placeholder, which no job can read.
 */
export async function rollbackJsonSecret(
  secrets: SecretsManagerClient,
  options: { secretId: string },
): Promise<RollbackResult> {
  const { secretId } = options;
  const versions = await versionsOf(secrets, secretId);
  const currentId = holderOf(versions, CURRENT);
  const previousId = holderOf(versions, PREVIOUS);
  if (currentId === undefined || previousId === undefined) {
    throw new SecretStateError(`${secretId} has no AWSPREVIOUS version to go back to`);
  }
  if (versions[previousId]!.includes(PLACEHOLDER_STAGE)) {
    throw new SecretStateError(
      `AWSPREVIOUS of ${secretId} is Terraform's placeholder, which every job would fail on: put a correct value with put-json instead`,
    );
  }
  await secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: CURRENT,
      MoveToVersionId: previousId,
      RemoveFromVersionId: currentId,
    }),
  );
  const readBack = await readCurrent(secrets, secretId);
  if (readBack.versionId !== previousId || readBack.value === undefined) {
    throw new VerificationError(
      `${secretId} reads back version ${readBack.versionId ?? '?'} as AWSCURRENT after moving it to ${previousId}`,
    );
  }
  let fields: readonly string[] | undefined;
  try {
    fields = parseJsonObject(readBack.value).fields;
  } catch {
    fields = undefined;
  }
  return {
    fingerprint: fingerprint(readBack.value),
    fields,
    versionId: previousId,
    replacedVersionId: currentId,
  };
}

/**
 * Reads AWSCURRENT as a job will and checks it: a JSON object (not Terraform's placeholder), readable by the
 * vendor's client when a vendor is given. Returns what to compare with put-json's output.
 */
export async function verifyJsonSecret(
  secrets: SecretsManagerClient,
  options: { secretId: string; vendor?: VendorSecretKind },
): Promise<VerifyJsonResult> {
  const { secretId, vendor } = options;
  const versions = await versionsOf(secrets, secretId);
  const currentId = holderOf(versions, CURRENT);
  if (currentId === undefined) throw new SecretStateError(`${secretId} has no AWSCURRENT version`);
  if (versions[currentId]!.includes(PLACEHOLDER_STAGE)) {
    throw new VerificationError(
      `${secretId} still holds Terraform's placeholder: put the value with put-json`,
    );
  }
  const current = await readCurrent(secrets, secretId);
  if (current.value === undefined || current.versionId === undefined) {
    throw new VerificationError(`${secretId} holds no string value`);
  }
  let value: JsonSecretValue;
  try {
    value = parseJsonObject(current.value, `the value of version ${current.versionId}`);
    if (vendor !== undefined) checkVendorFields(vendor, value);
  } catch (error) {
    if (!(error instanceof SecretValueError)) throw error;
    throw new VerificationError(`${secretId}: ${error.message}`, { cause: error });
  }
  return { fingerprint: fingerprint(value.secretString), fields: value.fields, versionId: current.versionId };
}
