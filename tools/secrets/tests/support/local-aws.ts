/**
 * A small SSM Parameter Store and Secrets Manager on 127.0.0.1 speaking their JSON 1.1 protocol, so
 * the real SDK clients can be tested end to end without AWS. Only what the rotation tool calls:
 * GetParameter, PutParameter, and Secrets Manager's CreateSecret, DescribeSecret, GetSecretValue,
 * PutSecretValue and UpdateSecretVersionStage with AWS's staging-label rules.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';

interface Parameter {
  value: string;
  type: string;
  keyId: string | undefined;
  version: number;
}

interface Secret {
  name: string;
  arn: string;
  versions: Map<string, { value: string; stages: Set<string> }>;
}

/** One request the server answered, for assertions about what the tool sent. */
export interface RecordedCall {
  service: 'ssm' | 'secretsmanager';
  action: string;
  input: Record<string, unknown>;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const REGION = 'us-west-2';
const ACCOUNT = '111111111111';

export class LocalAws {
  readonly parameters = new Map<string, Parameter>();
  readonly secrets = new Map<string, Secret>();
  readonly calls: RecordedCall[] = [];
  /** When set, GetParameter returns this instead of the stored value (a store that lost a write). */
  tamperedRead: string | undefined;
  private server: Server | undefined;
  private url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(
        (body) => {
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(JSON.stringify(body));
        },
        (error: unknown) => {
          const failure =
            error instanceof ServiceError ? error : new ServiceError('InternalFailure', String(error));
          response.writeHead(failure.type === 'InternalFailure' ? 500 : 400, {
            'content-type': 'application/x-amz-json-1.1',
          });
          response.end(JSON.stringify({ __type: failure.type, message: failure.message }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get endpoint(): string {
    return this.url;
  }

  /** Real SDK clients pointed at this server. */
  clients(): { ssm: SSMClient; secrets: SecretsManagerClient } {
    const config = {
      endpoint: this.url,
      region: REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    };
    return { ssm: new SSMClient(config), secrets: new SecretsManagerClient(config) };
  }

  putParameter(name: string, value: string, keyId = 'alias/prod/parameters'): void {
    this.parameters.set(name, { value, type: 'SecureString', keyId, version: 1 });
  }

  createSecret(name: string): void {
    this.secrets.set(name, {
      name,
      arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`,
      versions: new Map(),
    });
  }

  /** The secret's value carrying a stage, or undefined. */
  stageValue(name: string, stage: string): string | undefined {
    for (const version of this.secrets.get(name)?.versions.values() ?? []) {
      if (version.stages.has(stage)) return version.value;
    }
    return undefined;
  }

  private async handle(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const [prefix, action = ''] = String(request.headers['x-amz-target'] ?? '').split('.');
    if (prefix === 'AmazonSSM') {
      this.calls.push({ service: 'ssm', action, input });
      return this.ssm(action, input);
    }
    if (prefix === 'secretsmanager') {
      this.calls.push({ service: 'secretsmanager', action, input });
      return this.secretsManager(action, input);
    }
    throw new ServiceError(
      'UnknownOperationException',
      `unknown target ${String(request.headers['x-amz-target'])}`,
    );
  }

  private ssm(action: string, input: Record<string, unknown>): unknown {
    const name = String(input.Name);
    switch (action) {
      case 'GetParameter': {
        const parameter = this.parameters.get(name);
        if (parameter === undefined)
          throw new ServiceError('ParameterNotFound', `Parameter ${name} not found.`);
        return {
          Parameter: {
            Name: name,
            Type: parameter.type,
            Value: this.tamperedRead ?? parameter.value,
            Version: parameter.version,
            ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`,
            DataType: 'text',
            LastModifiedDate: Date.now() / 1000,
          },
        };
      }
      case 'PutParameter': {
        const existing = this.parameters.get(name);
        if (existing !== undefined && input.Overwrite !== true) {
          throw new ServiceError('ParameterAlreadyExists', `The parameter ${name} already exists.`);
        }
        const version = (existing?.version ?? 0) + 1;
        this.parameters.set(name, {
          value: String(input.Value),
          type: String(input.Type ?? existing?.type ?? 'String'),
          keyId: typeof input.KeyId === 'string' ? input.KeyId : 'alias/aws/ssm',
          version,
        });
        return { Version: version, Tier: 'Standard' };
      }
      default:
        throw new ServiceError('InvalidAction', `AmazonSSM.${action} is not served here`);
    }
  }

  private secret(input: Record<string, unknown>): Secret {
    const id = String(input.SecretId);
    const secret = this.secrets.get(id) ?? [...this.secrets.values()].find((s) => s.arn === id);
    if (secret === undefined)
      throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  }

  private secretsManager(action: string, input: Record<string, unknown>): unknown {
    switch (action) {
      case 'CreateSecret': {
        this.createSecret(String(input.Name));
        return { ARN: this.secrets.get(String(input.Name))!.arn, Name: input.Name };
      }
      case 'DescribeSecret': {
        const secret = this.secret(input);
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionIdsToStages: Object.fromEntries([...secret.versions].map(([id, v]) => [id, [...v.stages]])),
        };
      }
      case 'GetSecretValue': {
        const secret = this.secret(input);
        const stage = String(input.VersionStage ?? 'AWSCURRENT');
        const found = [...secret.versions].find(([id, v]) =>
          input.VersionId === undefined ? v.stages.has(stage) : id === input.VersionId,
        );
        if (found === undefined) {
          throw new ServiceError(
            'ResourceNotFoundException',
            `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
          );
        }
        const [versionId, version] = found;
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: versionId,
          SecretString: version.value,
          VersionStages: [...version.stages],
        };
      }
      case 'PutSecretValue': {
        const secret = this.secret(input);
        const versionId = String(input.ClientRequestToken);
        const stages = new Set(
          Array.isArray(input.VersionStages) ? (input.VersionStages as string[]) : ['AWSCURRENT'],
        );
        // AWS makes the first version of a secret current whatever stages were asked for.
        if (secret.versions.size === 0) stages.add('AWSCURRENT');
        secret.versions.set(versionId, { value: String(input.SecretString), stages: new Set() });
        for (const stage of stages) this.moveStage(secret, stage, versionId);
        return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [...stages] };
      }
      case 'UpdateSecretVersionStage': {
        const secret = this.secret(input);
        const stage = String(input.VersionStage);
        const holder = [...secret.versions].find(([, v]) => v.stages.has(stage))?.[0];
        const remove = input.RemoveFromVersionId as string | undefined;
        const move = input.MoveToVersionId as string | undefined;
        if (holder !== undefined && holder !== move && holder !== remove) {
          throw new ServiceError(
            'InvalidParameterException',
            `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder}`,
          );
        }
        if (move === undefined) {
          if (remove !== undefined) secret.versions.get(remove)?.stages.delete(stage);
        } else {
          if (!secret.versions.has(move))
            throw new ServiceError('ResourceNotFoundException', `no version ${move}`);
          this.moveStage(secret, stage, move);
        }
        return { ARN: secret.arn, Name: secret.name };
      }
      default:
        throw new ServiceError('InvalidAction', `secretsmanager.${action} is not served here`);
    }
  }

  private moveStage(secret: Secret, stage: string, to: string): void {
    for (const [id, version] of secret.versions) {
      if (id === to || !version.stages.has(stage)) continue;
      version.stages.delete(stage);
      if (stage === 'AWSCURRENT') this.moveStage(secret, 'AWSPREVIOUS', id);
    }
    secret.versions.get(to)?.stages.add(stage);
  }
}
