import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ParameterError, getSecret, getSecureParameter } from '../../src/index.js';

/**
 * The SSM and Secrets Manager JSON 1.1 calls the providers make, served from memory on 127.0.0.1,
 * so the real SDK clients sign, send and parse real requests, and the test can count them.
 */
class FakeParameterStore {
  readonly parameters = new Map<string, string>();
  readonly secrets = new Map<string, string>();
  readonly calls: { target: string; body: Record<string, unknown> }[] = [];
  denied = new Set<string>();
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        this.calls.push({ target, body });
        const [status, payload] = this.answer(target, body);
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(target: string, body: Record<string, unknown>): [number, unknown] {
    if (target === 'AmazonSSM.GetParameter') {
      const name = String(body.Name);
      if (this.denied.has(name)) return [400, { __type: 'AccessDeniedException', message: 'not authorized' }];
      const value = this.parameters.get(name);
      if (value === undefined) return [400, { __type: 'ParameterNotFound', message: '' }];
      return [
        200,
        { Parameter: { Name: name, Type: 'SecureString', Value: value, Version: 1, DataType: 'text' } },
      ];
    }
    if (target === 'secretsmanager.GetSecretValue') {
      const id = String(body.SecretId);
      const value = this.secrets.get(id);
      if (value === undefined) {
        return [
          400,
          {
            __type: 'ResourceNotFoundException',
            Message: "Secrets Manager can't find the specified secret.",
          },
        ];
      }
      return [
        200,
        { ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}`, Name: id, SecretString: value },
      ];
    }
    return [400, { __type: 'UnknownOperationException', message: target }];
  }
}

describe('getSecureParameter and getSecret against a local JSON 1.1 endpoint', () => {
  const store = new FakeParameterStore();
  let ssmClient: SSMClient;
  let secretsClient: SecretsManagerClient;

  beforeAll(async () => {
    const endpoint = await store.start();
    const clientConfig = {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
      maxAttempts: 1,
    };
    ssmClient = new SSMClient(clientConfig);
    secretsClient = new SecretsManagerClient(clientConfig);
  });
  afterAll(async () => {
    ssmClient.destroy();
    secretsClient.destroy();
    await store.stop();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads a SecureString decrypted, caches it for 30 s, then picks up a rotation', async () => {
    const name = '/sandbox/idp/doc-capture/address_proof_result_token';
    store.parameters.set(name, 'token-v1');
    vi.useFakeTimers({ toFake: ['Date'] });
    const before = store.calls.length;

    expect(await getSecureParameter(name, { ssmClient })).toBe('token-v1');
    store.parameters.set(name, 'token-v2');
    expect(await getSecureParameter(name, { ssmClient })).toBe('token-v1');
    expect(store.calls.slice(before)).toEqual([
      { target: 'AmazonSSM.GetParameter', body: { Name: name, WithDecryption: true } },
    ]);

    vi.setSystemTime(Date.now() + 29_000);
    expect(await getSecureParameter(name, { ssmClient })).toBe('token-v1');
    vi.setSystemTime(Date.now() + 2_000);
    expect(await getSecureParameter(name, { ssmClient })).toBe('token-v2');
    expect(store.calls.length - before).toBe(2);
  });

  it('honours a shorter maxAgeSeconds', async () => {
    const name = '/sandbox/short-lived';
    store.parameters.set(name, 'short-v1');
    vi.useFakeTimers({ toFake: ['Date'] });
    const before = store.calls.length;
    await getSecureParameter(name, { ssmClient, maxAgeSeconds: 5 });
    vi.setSystemTime(Date.now() + 6_000);
    await getSecureParameter(name, { ssmClient, maxAgeSeconds: 5 });
    expect(store.calls.length - before).toBe(2);
  });

  it('takes its default cache age from POWERTOOLS_PARAMETERS_MAX_AGE when set', async () => {
    const name = '/sandbox/env-aged';
    store.parameters.set(name, 'aged-v1');
    vi.useFakeTimers({ toFake: ['Date'] });
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '2';
    try {
      const before = store.calls.length;
      await getSecureParameter(name, { ssmClient });
      vi.setSystemTime(Date.now() + 1_000);
      await getSecureParameter(name, { ssmClient });
      expect(store.calls.length - before).toBe(1);
      vi.setSystemTime(Date.now() + 2_000);
      await getSecureParameter(name, { ssmClient });
      expect(store.calls.length - before).toBe(2);
    } finally {
      delete process.env.POWERTOOLS_PARAMETERS_MAX_AGE;
    }
  });

  it('throws ParameterError naming a missing parameter', async () => {
    const error = await getSecureParameter('/sandbox/absent', { ssmClient }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({
      parameterName: '/sandbox/absent',
      message: 'SSM parameter /sandbox/absent does not exist',
    });
  });

  it('throws ParameterError naming the parameter and the SDK error class when access is denied', async () => {
    store.parameters.set('/prod/denied', 'value-that-must-not-appear');
    store.denied.add('/prod/denied');
    const error = (await getSecureParameter('/prod/denied', { ssmClient }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ParameterError);
    expect(error.message).toBe('SSM parameter /prod/denied could not be read (AccessDeniedException)');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain(
      'value-that-must-not-appear',
    );
  });

  it('reads a secret, caches it, and names a missing one', async () => {
    store.secrets.set('sandbox/messages/api-key', 'api-key-v1');
    const before = store.calls.length;
    expect(await getSecret('sandbox/messages/api-key', { secretsClient })).toBe('api-key-v1');
    expect(await getSecret('sandbox/messages/api-key', { secretsClient })).toBe('api-key-v1');
    expect(store.calls.slice(before)).toEqual([
      { target: 'secretsmanager.GetSecretValue', body: { SecretId: 'sandbox/messages/api-key' } },
    ]);
    await expect(getSecret('sandbox/none', { secretsClient })).rejects.toMatchObject({
      name: 'ParameterError',
      parameterName: 'sandbox/none',
      message: 'Secret sandbox/none does not exist',
    });
  });
});
