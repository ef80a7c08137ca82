import { readFileSync } from 'node:fs';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;
let lambda: LambdaClient;

const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as Record<string, unknown>;

beforeAll(async () => {
  process.env.LOCAL_CLOUD_HOST_ONLY = 'must not leak into functions';
  cloud = await startTestCloud([
    {
      service: 'lambda-test',
      parameters: [{ name: '/local/idp/address_proof_result_token', type: 'SecureString' }],
      functions: [
        { name: 'echo', entry: fixture('echo'), environment: { GREETING: 'hello' } },
        { name: 'misbehaves', entry: fixture('misbehaves'), timeoutSeconds: 1 },
        {
          name: 'reads-parameter',
          entry: fixture('reads-parameter'),
          environment: { TOKEN_PARAMETER: '/local/idp/address_proof_result_token' },
        },
      ],
    },
  ]);
  lambda = new LambdaClient(cloud.clientConfig);
});

afterAll(async () => {
  delete process.env.LOCAL_CLOUD_HOST_ONLY;
  await cloud.stop();
});

describe('Lambda Invoke through the edge', () => {
  it('runs RequestResponse with the function’s own environment and context', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Qualifier: '0a1b2c3d4e', Payload: JSON.stringify({ n: 1 }) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    const result = decode(out.Payload);
    expect(result).toMatchObject({
      event: { n: 1 },
      functionName: 'echo',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo:0a1b2c3d4e',
      greeting: 'hello',
      endpoint: cloud.endpoint,
    });
    expect(result['hostSecret']).toBeUndefined();
    expect(result['remainingMs']).toBeGreaterThan(2000);
    // Functions run on the Node the workspace pins (.nvmrc), the major Lambda runs.
    expect(result['nodeVersion']).toBe(readFileSync('.nvmrc', 'utf8').trim());
  });

  it('answers Event with 202 and DryRun with 204', async () => {
    const event = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: '{}' }),
    );
    expect(event.StatusCode).toBe(202);
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
  });

  it('answers ResourceNotFoundException for an unknown function and a 400 for a non-JSON payload', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{oops') })),
    ).rejects.toMatchObject({ name: 'InvalidRequestContentException', $metadata: { httpStatusCode: 400 } });
  });

  it('lets a function read its SecureString parameter through AWS_ENDPOINT_URL', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'reads-parameter' }));
    expect(decode(out.Payload)).toEqual({ tokenLength: 64 });
  });
});

describe("Lambda's Max Memory Used", () => {
  it('reports the most memory an environment held during an invocation', async () => {
    const before = cloud.runtime.stats('misbehaves').maxMemoryUsedBytes;
    expect(before).toBeLessThan(40 * 1024 * 1024);
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'misbehaves', Payload: JSON.stringify({ mode: 'allocate' }) }),
    );
    expect(decode(out.Payload)).toEqual({ bytes: 40 * 1024 * 1024 });
    expect(cloud.runtime.stats('misbehaves').maxMemoryUsedBytes).toBeGreaterThanOrEqual(40 * 1024 * 1024);
  });
});

describe('a misbehaving function never takes the local cloud down', () => {
  it('stops a function past its timeout and counts it as an error', async () => {
    const before = cloud.runtime.stats('misbehaves').errors;
    const started = Date.now();
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'misbehaves', Payload: JSON.stringify({ mode: 'spin' }) }),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({ errorType: 'Sandbox.Timedout' });
    expect(cloud.runtime.stats('misbehaves').errors).toBe(before + 1);
    expect(cloud.logs('misbehaves').some((line) => line.includes('Task timed out after 1.00 seconds'))).toBe(
      true,
    );
  });

  it.each([
    ['exit', 'Runtime.ExitError'],
    ['uncaught', 'Error'],
    ['hang', 'Sandbox.Timedout'],
  ])('survives a function that does "%s" and serves the next invocation', async (mode, errorType) => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'misbehaves', Payload: JSON.stringify({ mode }) }),
    );
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({ errorType });
    const next = await lambda.send(
      new InvokeCommand({ FunctionName: 'misbehaves', Payload: JSON.stringify({ mode: 'ok' }) }),
    );
    expect(decode(next.Payload)).toEqual({ ok: true });
  });
});
