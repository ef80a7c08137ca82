import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';

/** Secrets Manager of an isolated local cloud, reached by the real SDK client over its JSON 1.1 protocol. */
export class LocalSecrets {
  client!: SecretsManagerClient;
  private cloud: TestLocalCloud | undefined;
  private counter = 0;

  async start(): Promise<void> {
    this.cloud = await startLocalCloud({ services: [] });
    this.client = new SecretsManagerClient(this.cloud.clientConfig);
  }

  /** A new secret with a unique name (the providers cache by name). */
  async create(value: unknown, prefix = 'vendor'): Promise<string> {
    this.counter += 1;
    const name = `test/${prefix}-${this.counter}`;
    await this.client.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: typeof value === 'string' ? value : JSON.stringify(value),
      }),
    );
    return name;
  }

  async put(name: string, value: unknown): Promise<void> {
    await this.client.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify(value) }),
    );
  }

  async stop(): Promise<void> {
    this.client?.destroy();
    await this.cloud?.stop();
  }
}
