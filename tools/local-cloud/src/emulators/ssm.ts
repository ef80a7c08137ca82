import { createCipheriv, randomBytes } from 'node:crypto';
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

export type ParameterType = 'String' | 'StringList' | 'SecureString';

interface ParameterVersion {
  readonly value: string;
  readonly type: ParameterType;
  readonly version: number;
  readonly lastModified: number;
  readonly dataType: string;
  readonly description?: string;
  readonly keyId?: string;
}

/** The persisted shape: every version of every parameter. */
export type ParameterStoreState = Record<string, ParameterVersion[]>;

const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];
const NAME = /^[a-zA-Z0-9_.\-/]+$/;
// Standard tier holds 4 KB and advanced 8 KB; the local store accepts the advanced size.
const MAX_VALUE_BYTES = 8192;

function notFound(name: string): AwsServiceError {
  return new AwsServiceError('ParameterNotFound', `Parameter ${name} not found.`);
}

function validateName(name: string): void {
  if (name.length > 2048 || !NAME.test(name) || (name.includes('/') && !name.startsWith('/'))) {
    throw new AwsServiceError(
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive), and must contain only a-zA-Z0-9_.-/ with a leading / when it is hierarchical',
    );
  }
  if (/^\/?(aws|ssm)/i.test(name)) {
    throw new AwsServiceError(
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm"',
    );
  }
}

/** SSM Parameter Store (JSON 1.1, `X-Amz-Target: AmazonSSM.*`): versions, SecureString, paths. */
export class ParameterStore {
  private readonly parameters = new Map<string, ParameterVersion[]>();
  // Without WithDecryption, AWS returns KMS ciphertext; an instance key makes the local value just as opaque.
  private readonly cipherKey = randomBytes(32);

  constructor(
    private readonly region: string,
    private readonly onChange: () => void = () => undefined,
  ) {}

  load(state: ParameterStoreState): void {
    for (const [name, versions] of Object.entries(state)) this.parameters.set(name, versions);
  }

  toJSON(): ParameterStoreState {
    return Object.fromEntries(this.parameters);
  }

  /** Writes a parameter directly (provisioning); an existing value is kept unless `overwrite`. */
  put(name: string, value: string, type: ParameterType, overwrite = false): number {
    return this.putParameter({ Name: name, Value: value, Type: type, Overwrite: overwrite }).Version;
  }

  has(name: string): boolean {
    return this.parameters.has(name);
  }

  readonly operations: Readonly<Record<string, JsonOperation>> = {
    GetParameter: (input) => this.getParameter(input),
    GetParameters: (input) => this.getParameters(input),
    GetParametersByPath: (input) => this.getParametersByPath(input),
    PutParameter: (input) => this.putParameter(input),
    DeleteParameter: (input) => this.deleteParameter(input),
    DeleteParameters: (input) => this.deleteParameters(input),
    GetParameterHistory: (input) => this.getParameterHistory(input),
    DescribeParameters: (input) => this.describeParameters(input),
  };

  private arn(name: string): string {
    return `arn:aws:ssm:${this.region}:${ACCOUNT_ID}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  }

  private render(name: string, version: ParameterVersion, withDecryption: boolean, selector?: string) {
    const value =
      version.type === 'SecureString' && !withDecryption ? this.encrypt(version.value) : version.value;
    return {
      Name: name,
      Type: version.type,
      Value: value,
      Version: version.version,
      LastModifiedDate: version.lastModified,
      ARN: this.arn(name),
      DataType: version.dataType,
      ...(selector === undefined ? {} : { Selector: selector }),
    };
  }

  private encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.cipherKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  }

  /** Resolves `name` or `name:<version>`; undefined when there is no such parameter or version. */
  private find(
    reference: string,
  ): { name: string; version: ParameterVersion; selector?: string } | undefined {
    const colon = reference.lastIndexOf(':');
    const name = colon > 0 ? reference.slice(0, colon) : reference;
    const selector = colon > 0 ? reference.slice(colon) : undefined;
    const versions = this.parameters.get(name);
    if (versions === undefined) return undefined;
    if (selector === undefined) return { name, version: versions[versions.length - 1]! };
    const wanted = Number(selector.slice(1));
    if (!Number.isInteger(wanted)) {
      throw new AwsServiceError('ParameterVersionLabelNotFound', 'Parameter labels are not emulated locally');
    }
    const version = versions.find((v) => v.version === wanted);
    if (version === undefined) {
      throw new AwsServiceError(
        'ParameterVersionNotFound',
        `Version ${wanted} of parameter ${name} not found.`,
      );
    }
    return { name, version, selector };
  }

  private getParameter(input: JsonInput) {
    const reference = requiredString(input, 'Name');
    const found = this.find(reference);
    if (found === undefined) throw notFound(reference);
    const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
    return { Parameter: this.render(found.name, found.version, withDecryption, found.selector) };
  }

  private getParameters(input: JsonInput) {
    const names = optionalStringList(input, 'Names') ?? [];
    if (names.length === 0 || names.length > 10) {
      throw new AwsServiceError('ValidationException', 'Names must hold between 1 and 10 parameter names');
    }
    const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
    const parameters = [];
    const invalid = [];
    for (const reference of new Set(names)) {
      const found = this.find(reference);
      if (found === undefined) invalid.push(reference);
      else parameters.push(this.render(found.name, found.version, withDecryption, found.selector));
    }
    return { Parameters: parameters, InvalidParameters: invalid };
  }

  private getParametersByPath(input: JsonInput) {
    const path = requiredString(input, 'Path');
    if (!path.startsWith('/')) throw new AwsServiceError('ValidationException', 'Path must start with /');
    const recursive = optionalBoolean(input, 'Recursive') ?? false;
    const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = [...this.parameters.keys()]
      .filter((name) => name.startsWith(prefix) && (recursive || !name.slice(prefix.length).includes('/')))
      .sort();
    const { items, nextToken } = pageOf(names, input, 10);
    return {
      Parameters: items.map((name) => {
        const versions = this.parameters.get(name)!;
        return this.render(name, versions[versions.length - 1]!, withDecryption);
      }),
      ...nextToken,
    };
  }

  /** Every version of one parameter, oldest first, as `aws ssm get-parameter-history` shows it. */
  private getParameterHistory(input: JsonInput) {
    const name = requiredString(input, 'Name');
    const versions = this.parameters.get(name);
    if (versions === undefined) throw notFound(name);
    const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
    const { items, nextToken } = pageOf(versions, input, 50);
    return {
      Parameters: items.map((version) => ({
        ...this.render(name, version, withDecryption),
        ...(version.description === undefined ? {} : { Description: version.description }),
        ...(version.keyId === undefined ? {} : { KeyId: version.keyId }),
        Labels: [],
        Tier: 'Standard',
        Policies: [],
      })),
      ...nextToken,
    };
  }

  /** Metadata of the parameters, never their values; the `Name` filter (`Equals`, `BeginsWith`) is emulated. */
  private describeParameters(input: JsonInput) {
    const filters = input.ParameterFilters ?? [];
    if (!Array.isArray(filters))
      throw new AwsServiceError('ValidationException', 'ParameterFilters must be a list');
    const matchers = filters.map((filter: unknown) => {
      const {
        Key,
        Option = 'Equals',
        Values,
      } = (filter ?? {}) as { Key?: unknown; Option?: unknown; Values?: unknown };
      if (Key !== 'Name' || (Option !== 'Equals' && Option !== 'BeginsWith') || !Array.isArray(Values)) {
        throw new AwsServiceError(
          'InvalidFilterKey',
          'The local cloud emulates only the Name filter with Equals or BeginsWith',
        );
      }
      return (name: string) =>
        (Values as unknown[]).some((v) => (Option === 'Equals' ? name === v : name.startsWith(String(v))));
    });
    const names = [...this.parameters.keys()].filter((name) => matchers.every((m) => m(name))).sort();
    const { items, nextToken } = pageOf(names, input, 50);
    return {
      Parameters: items.map((name) => {
        const latest = this.parameters.get(name)!.at(-1)!;
        return {
          Name: name,
          ARN: this.arn(name),
          Type: latest.type,
          Version: latest.version,
          LastModifiedDate: latest.lastModified,
          DataType: latest.dataType,
          Tier: 'Standard',
          Policies: [],
          ...(latest.description === undefined ? {} : { Description: latest.description }),
          ...(latest.keyId === undefined ? {} : { KeyId: latest.keyId }),
        };
      }),
      ...nextToken,
    };
  }

  private putParameter(input: JsonInput) {
    const name = requiredString(input, 'Name');
    validateName(name);
    const value = requiredString(input, 'Value');
    if (Buffer.byteLength(value) > MAX_VALUE_BYTES) {
      throw new AwsServiceError('ValidationException', `Value exceeds ${MAX_VALUE_BYTES} bytes`);
    }
    const existing = this.parameters.get(name);
    const overwrite = optionalBoolean(input, 'Overwrite') ?? false;
    if (existing !== undefined && !overwrite) {
      throw new AwsServiceError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      );
    }
    const latest = existing?.[existing.length - 1];
    const type = (optionalString(input, 'Type') ?? latest?.type) as ParameterType | undefined;
    if (type === undefined || !TYPES.includes(type)) {
      throw new AwsServiceError(
        'ValidationException',
        'Type must be one of String, StringList, SecureString',
      );
    }
    const description = optionalString(input, 'Description') ?? latest?.description;
    const keyId = optionalString(input, 'KeyId');
    const version: ParameterVersion = {
      value,
      type,
      version: (latest?.version ?? 0) + 1,
      lastModified: Date.now() / 1000,
      dataType: optionalString(input, 'DataType') ?? 'text',
      ...(description === undefined ? {} : { description }),
      ...(keyId === undefined ? {} : { keyId }),
    };
    this.parameters.set(name, [...(existing ?? []), version]);
    this.onChange();
    return { Version: version.version, Tier: 'Standard' };
  }

  private deleteParameter(input: JsonInput) {
    const name = requiredString(input, 'Name');
    if (!this.parameters.delete(name)) throw notFound(name);
    this.onChange();
    return {};
  }

  private deleteParameters(input: JsonInput) {
    const names = optionalStringList(input, 'Names') ?? [];
    if (names.length === 0 || names.length > 10) {
      throw new AwsServiceError('ValidationException', 'Names must hold between 1 and 10 parameter names');
    }
    const deleted = names.filter((name) => this.parameters.delete(name));
    if (deleted.length > 0) this.onChange();
    return { DeletedParameters: deleted, InvalidParameters: names.filter((name) => !deleted.includes(name)) };
  }
}
