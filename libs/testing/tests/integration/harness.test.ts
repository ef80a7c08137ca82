import { PutParameterCommand, GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { LOCAL_ENVIRONMENT, callbackTokenParameterName, type ServiceDeclaration } from '@backend/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startCallbackReceiver,
  startLocalCloud,
  WaitTimeoutError,
  type TestLocalCloud,
} from '../../src/index.js';

const echoService: ServiceDeclaration = {
  service: 'harness-test',
  functions: [
    { name: 'echo', entry: 'tools/local-cloud/tests/fixtures/echo.ts', environment: { GREETING: 'hi' } },
  ],
};

describe('startLocalCloud', () => {
  let first: TestLocalCloud;
  let second: TestLocalCloud;

  beforeAll(async () => {
    first = await startLocalCloud({ services: [echoService] });
    second = await startLocalCloud({ services: [echoService] });
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  // How fast an instance starts is measured by `npm run bench -- --suite local-cloud`, not asserted here.
  it('starts an isolated instance on free ports', async () => {
    expect(second.endpoint).not.toBe(first.endpoint);
    const ssmOfFirst = new SSMClient(first.clientConfig);
    const ssmOfSecond = new SSMClient(second.clientConfig);
    await ssmOfFirst.send(new PutParameterCommand({ Name: '/isolated', Value: 'one', Type: 'String' }));
    await expect(ssmOfSecond.send(new GetParameterCommand({ Name: '/isolated' }))).rejects.toBeInstanceOf(
      ParameterNotFound,
    );
  });

  it('invokes a function through the Lambda API and keeps its logs', async () => {
    const result = await first.invoke('echo', { n: 1 }, { qualifier: 'abcdef0123' });
    expect(result).toMatchObject({ statusCode: 200, payload: { event: { n: 1 }, greeting: 'hi' } });
    expect(result.functionError).toBeUndefined();
    const event = await first.invoke('echo', {}, { invocationType: 'Event' });
    expect(event).toEqual({ statusCode: 202, payload: undefined });
  });
});

describe('startCallbackReceiver', () => {
  it('records requests in order and answers with the configured status', async () => {
    const receiver = await startCallbackReceiver({
      status: (request) => (request.path === '/bad' ? 401 : 200),
    });
    try {
      const ok = await fetch(`${receiver.url}/result/1`, {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'x-api-auth-token': 't' },
      });
      const bad = await fetch(`${receiver.url}/bad`, { method: 'POST', body: '' });
      expect([ok.status, bad.status]).toEqual([200, 401]);
      const firstRequest = await receiver.waitForRequest();
      expect(firstRequest).toMatchObject({ method: 'POST', path: '/result/1', body: '{"a":1}' });
      expect(firstRequest.headers['x-api-auth-token']).toBe('t');
      expect((await receiver.waitForRequest()).path).toBe('/bad');
      await expect(receiver.waitForRequest(50)).rejects.toBeInstanceOf(WaitTimeoutError);
    } finally {
      await receiver.close();
    }
  });
});

describe('the workspace services in the harness', () => {
  it('runs proof-address end to end: async invoke, token from SSM, callback to a test server', async () => {
    const cloud = await startLocalCloud();
    const receiver = await startCallbackReceiver();
    try {
      const accepted = await cloud.invoke(
        'local-proof-address',
        {
          applicant_pii: {
            uuid: '123e4567-e89b-12d3-a456-426614174000',
            first_name: 'Ann',
            last_name: 'Lee',
            dob: '1980-01-01',
            ssn: '900-12-3456',
            phone: '7035550000',
          },
          callback_url: `${receiver.url}/api/address/result/abc`,
        },
        { invocationType: 'Event', qualifier: '0123456789' },
      );
      expect(accepted.statusCode).toBe(202);
      const callback = await receiver.waitForRequest(10_000);
      const ssm = new SSMClient(cloud.clientConfig);
      const { Parameter } = await ssm.send(
        new GetParameterCommand({
          Name: callbackTokenParameterName(LOCAL_ENVIRONMENT, 'address'),
          WithDecryption: true,
        }),
      );
      expect(callback.path).toBe('/api/address/result/abc');
      expect(callback.headers['x-api-auth-token']).toBe(Parameter?.Value);
      expect(JSON.parse(callback.body)).toHaveProperty('address_result');
    } finally {
      await receiver.close();
      await cloud.stop();
    }
  });
});
