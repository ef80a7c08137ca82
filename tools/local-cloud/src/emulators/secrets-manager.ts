import { randomBytes, randomUUID } from 'node:crypto';
import {
  AwsServiceError,
  optionalBoolean,
  optionalString,
  optionalStringList,
  pageOf,
  requiredString,
  type JsonInput,
  type JsonOperation,
} from '../edge/json-rpc.js';
import { ACCOUNT_ID } from './constants.js';

interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  /** base64, as the JSON protocol carries blobs */
  readonly secretBinary?: string;
  stages: string[];
  readonly createdDate: number;
}

interface Secret {
  readonly name: string;
  readonly arn: string;
  description?: string;
  kmsKeyId?: string;
  readonly createdDate: number;
  lastChangedDate: number;
  versions: SecretVersion[];
}

export type SecretStoreState = Secret[];

const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function notFound(): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
}

function now(): number {
  return Date.now() / 1000;
}

/** Secrets Manager (JSON 1.1, `X-Amz-Target: secretsmanager.*`) with the AWSCURRENT/AWSPREVIOUS/AWSPENDING stages. */
export class SecretStore {
  private readonly secrets = new Map<string, Secret>();

  constructor(
    private readonly region: string,
    private readonly onChange: () => void = () => undefined,
  ) {}

  load(state: SecretStoreState): void {
    for (const secret of state) this.secrets.set(secret.name, secret);
  }

  toJSON(): SecretStoreState {
    return [...this.secrets.values()];
  }

  has(name: string): boolean {
    return this.secrets.has(name);
  }

  /** Creates a secret directly (provisioning); an existing one is kept. */
  create(name: string, secretString: string): void {
    if (!this.secrets.has(name)) this.createSecret({ Name: name, SecretString: secretString });
  }

  /** The AWSCURRENT string of a secret (the local cloud's own use, e.g. OAuth client secrets). */
  currentString(name: string): string {
    const { SecretString } = this.getSecretValue({ SecretId: name });
    if (SecretString === undefined) throw notFound();
    return SecretString;
  }

  readonly operations: Readonly<Record<string, JsonOperation>> = {
    CreateSecret: (input) => this.createSecret(input),
    GetSecretValue: (input) => this.getSecretValue(input),
    PutSecretValue: (input) => this.putSecretValue(input),
    DescribeSecret: (input) => this.describeSecret(input),
    UpdateSecretVersionStage: (input) => this.updateSecretVersionStage(input),
    DeleteSecret: (input) => this.deleteSecret(input),
    ListSecretVersionIds: (input) => this.listSecretVersionIds(input),
    ListSecrets: (input) => this.listSecrets(input),
  };

  /** By name, full ARN, or ARN without the random suffix, as AWS accepts. */
  private resolve(secretId: string): Secret {
    const byName = this.secrets.get(secretId);
    if (byName !== undefined) return byName;
    for (const secret of this.secrets.values()) {
      if (secret.arn === secretId || secret.arn.slice(0, -7) === secretId) return secret;
    }
    throw notFound();
  }

  private newArn(name: string): string {
    const suffix = Array.from(randomBytes(6), (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
    return `arn:aws:secretsmanager:${this.region}:${ACCOUNT_ID}:secret:${name}-${suffix}`;
  }

  private readValue(input: JsonInput): { secretString?: string; secretBinary?: string } | undefined {
    const secretString = optionalString(input, 'SecretString');
    const secretBinary = optionalString(input, 'SecretBinary');
    if (secretString !== undefined && secretBinary !== undefined) {
      throw new AwsServiceError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary, not both.',
      );
    }
    if (secretString !== undefined) return { secretString };
    if (secretBinary !== undefined) return { secretBinary };
    return undefined;
  }

  private requestToken(input: JsonInput): string {
    const token = optionalString(input, 'ClientRequestToken') ?? randomUUID();
    if (token.length < 32 || token.length > 64) {
      throw new AwsServiceError(
        'ValidationException',
        'ClientRequestToken must be between 32 and 64 characters',
      );
    }
    return token;
  }

  /** Attaches `stage` to `target` alone; moving AWSCURRENT labels the old current version AWSPREVIOUS. */
  private moveStage(secret: Secret, stage: string, target: SecretVersion): void {
    const holder = secret.versions.find((v) => v.stages.includes(stage));
    if (holder === target) return;
    if (holder !== undefined) holder.stages = holder.stages.filter((s) => s !== stage);
    target.stages.push(stage);
    if (stage === CURRENT && holder !== undefined) this.moveStage(secret, PREVIOUS, holder);
    // A version with no label left is deprecated; AWS removes those eventually.
    secret.versions = secret.versions.filter((v) => v.stages.length > 0);
  }

  private createSecret(input: JsonInput) {
    const name = requiredString(input, 'Name');
    if (!/^[a-zA-Z0-9/_+=.@-]{1,512}$/.test(name)) {
      throw new AwsServiceError('ValidationException', 'Name must contain only alphanumerics and /_+=.@-');
    }
    if (this.secrets.has(name)) {
      throw new AwsServiceError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const value = this.readValue(input);
    const created = now();
    const description = optionalString(input, 'Description');
    const kmsKeyId = optionalString(input, 'KmsKeyId');
    const secret: Secret = {
      name,
      arn: this.newArn(name),
      createdDate: created,
      lastChangedDate: created,
      versions: [],
      ...(description === undefined ? {} : { description }),
      ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
    };
    const versionId = value === undefined ? undefined : this.requestToken(input);
    if (value !== undefined && versionId !== undefined) {
      secret.versions.push({ versionId, ...value, stages: [CURRENT], createdDate: created });
    }
    this.secrets.set(name, secret);
    this.onChange();
    return { ARN: secret.arn, Name: name, ...(versionId === undefined ? {} : { VersionId: versionId }) };
  }

  private getSecretValue(input: JsonInput) {
    const secret = this.resolve(requiredString(input, 'SecretId'));
    const versionId = optionalString(input, 'VersionId');
    const stage = optionalString(input, 'VersionStage') ?? (versionId === undefined ? CURRENT : undefined);
    const version = secret.versions.find(
      (v) =>
        (versionId === undefined || v.versionId === versionId) &&
        (stage === undefined || v.stages.includes(stage)),
    );
    if (version === undefined) {
      throw new AwsServiceError(
        'ResourceNotFoundException',
        versionId === undefined
          ? `Secrets Manager can't find the specified secret value for staging label: ${stage}`
          : `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
      );
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...(version.secretString === undefined ? {} : { SecretString: version.secretString }),
      ...(version.secretBinary === undefined ? {} : { SecretBinary: version.secretBinary }),
      VersionStages: [...version.stages],
      CreatedDate: version.createdDate,
    };
  }

  private putSecretValue(input: JsonInput) {
    const secret = this.resolve(requiredString(input, 'SecretId'));
    const value = this.readValue(input);
    if (value === undefined) {
      throw new AwsServiceError(
        'InvalidRequestException',
        'You must provide either SecretString or SecretBinary.',
      );
    }
    const versionId = this.requestToken(input);
    const asked = optionalStringList(input, 'VersionStages') ?? [CURRENT];
    // AWS makes the first version of a secret AWSCURRENT whatever stages were asked for (a secret Terraform
    // created without a value gets its first value as AWSPENDING from the rotation tool).
    const stages = secret.versions.length === 0 && !asked.includes(CURRENT) ? [...asked, CURRENT] : asked;
    const existing = secret.versions.find((v) => v.versionId === versionId);
    if (existing !== undefined) {
      // The same token again is a retry: fine with the same value, an error with another.
      if (existing.secretString !== value.secretString || existing.secretBinary !== value.secretBinary) {
        throw new AwsServiceError(
          'ResourceExistsException',
          `A version with VersionId ${versionId} already exists with a different value.`,
        );
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: versionId,
        VersionStages: [...existing.stages],
      };
    }
    const version: SecretVersion = { versionId, ...value, stages: [], createdDate: now() };
    secret.versions.push(version);
    for (const stage of stages) this.moveStage(secret, stage, version);
    secret.lastChangedDate = now();
    this.onChange();
    return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [...version.stages] };
  }

  private describeSecret(input: JsonInput) {
    return this.metadata(this.resolve(requiredString(input, 'SecretId')));
  }

  private metadata(secret: Secret) {
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description === undefined ? {} : { Description: secret.description }),
      ...(secret.kmsKeyId === undefined ? {} : { KmsKeyId: secret.kmsKeyId }),
      RotationEnabled: false,
      CreatedDate: secret.createdDate,
      LastChangedDate: secret.lastChangedDate,
      VersionIdsToStages: Object.fromEntries(secret.versions.map((v) => [v.versionId, [...v.stages]])),
    };
  }

  /** The versions of a secret with their stages, never their values (`aws secretsmanager list-secret-version-ids`). */
  private listSecretVersionIds(input: JsonInput) {
    const secret = this.resolve(requiredString(input, 'SecretId'));
    const { items, nextToken } = pageOf(secret.versions, input, 100);
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: items.map((v) => ({
        VersionId: v.versionId,
        VersionStages: [...v.stages],
        CreatedDate: v.createdDate,
      })),
      ...nextToken,
    };
  }

  /** Every secret's metadata; the `name` filter (prefix match, as AWS's) is emulated. */
  private listSecrets(input: JsonInput) {
    const filters = input.Filters ?? [];
    if (!Array.isArray(filters))
      throw new AwsServiceError('InvalidParameterException', 'Filters must be a list');
    const prefixes = filters.map((filter: unknown) => {
      const { Key, Values } = (filter ?? {}) as { Key?: unknown; Values?: unknown };
      if (Key !== 'name' || !Array.isArray(Values)) {
        throw new AwsServiceError(
          'InvalidParameterException',
          'The local cloud emulates only the name filter',
        );
      }
      return Values.map(String);
    });
    const secrets = [...this.secrets.values()]
      .filter((s) => prefixes.every((values) => values.some((v) => s.name.startsWith(v))))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, nextToken } = pageOf(secrets, input, 100);
    return { SecretList: items.map((secret) => this.metadata(secret)), ...nextToken };
  }

  private updateSecretVersionStage(input: JsonInput) {
    const secret = this.resolve(requiredString(input, 'SecretId'));
    const stage = requiredString(input, 'VersionStage');
    const moveTo = optionalString(input, 'MoveToVersionId');
    const removeFrom = optionalString(input, 'RemoveFromVersionId');
    const holder = secret.versions.find((v) => v.stages.includes(stage));
    if (
      moveTo !== undefined &&
      holder !== undefined &&
      holder.versionId !== moveTo &&
      holder.versionId !== removeFrom
    ) {
      throw new AwsServiceError(
        'InvalidParameterException',
        `The staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
    }
    if (removeFrom !== undefined && holder?.versionId !== removeFrom) {
      throw new AwsServiceError(
        'InvalidParameterException',
        `The staging label ${stage} is not attached to version ${removeFrom}.`,
      );
    }
    if (moveTo !== undefined) {
      const target = secret.versions.find((v) => v.versionId === moveTo);
      if (target === undefined) throw notFound();
      this.moveStage(secret, stage, target);
    } else if (holder !== undefined) {
      if (stage === CURRENT) {
        throw new AwsServiceError(
          'InvalidParameterException',
          'You can only move AWSCURRENT, not remove it.',
        );
      }
      holder.stages = holder.stages.filter((s) => s !== stage);
      secret.versions = secret.versions.filter((v) => v.stages.length > 0);
    }
    secret.lastChangedDate = now();
    this.onChange();
    return { ARN: secret.arn, Name: secret.name };
  }

  private deleteSecret(input: JsonInput) {
    const secret = this.resolve(requiredString(input, 'SecretId'));
    // Deleted at once: the recovery window is not emulated.
    optionalBoolean(input, 'ForceDeleteWithoutRecovery');
    this.secrets.delete(secret.name);
    this.onChange();
    return { ARN: secret.arn, Name: secret.name, DeletionDate: now() };
  }
}
