import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { flagsParameterPrefix, licensingResourceNames, licensingService } from '@backend/licensing';
import { startLicensingHarness, type LicensingHarness } from '@backend/testing';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The flag check through the local cloud's HTTP API (the function deployed as AWS runs it, its flags in the local
// SSM as terraform/stacks/data creates them), and the same handler given the event an ALB sends.
let harness: LicensingHarness;
let ssm: SSMClient;

const check = (flagId: string, body?: unknown) =>
  harness.api('POST', `/v1/flags/${flagId}/check`, body === undefined ? {} : { body });

beforeAll(async () => {
  harness = await startLicensingHarness({
    service: {
      ...licensingService,
      functions: (licensingService.functions ?? []).filter((fn) => fn.app === 'check-feature-flag'),
    },
    names: licensingResourceNames,
  });
  ssm = new SSMClient(harness.cloud.clientConfig);
  // An operator turns provider_search on (its declared default is off) before any check reads it.
  await ssm.send(
    new PutParameterCommand({
      Name: `${flagsParameterPrefix}/provider_search`,
      Value: 'true',
      Type: 'String',
      Overwrite: true,
    }),
  );
}, 120_000);

afterAll(async () => {
  ssm?.destroy();
  await harness?.stop();
});

describe('POST /v1/flags/{flagId}/check', () => {
  it("answers each declared flag's value from SSM, with or without a context", async () => {
    expect(await check('provider_registration')).toEqual({ status: 200, body: { enabled: true } });
    expect(
      await check('provider_search', {
        context: { userId: 'provider-7f3a', attributes: { compact: 'aslp' } },
      }),
    ).toEqual({
      status: 200,
      body: { enabled: true },
    });
  });

  it('answers 404 FLAG_NOT_FOUND for a flag the service does not declare', async () => {
    for (const flagId of ['nope', '__proto__', 'constructor', 'PROVIDER_REGISTRATION']) {
      expect(await check(flagId)).toEqual({
        status: 404,
        body: { error: { code: 'FLAG_NOT_FOUND', message: 'No such feature flag', field: 'flagId' } },
      });
    }
  });

  it('answers 400 naming the field for a context it does not take', async () => {
    const answers = await Promise.all([
      check('provider_registration', { context: { email: 'ada@example.com' } }),
      check('provider_registration', { context: { userId: 'has spaces' } }),
      check('provider_registration', { context: { attributes: { nested: { a: 1 } } } }),
      check('provider_registration', { environment: 'prod' }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', message: expect.any(String) } });
    }
  });

  it('answers the event an ALB sends (no path parameters, multi-value headers off) the same way', async () => {
    process.env['AWS_ENDPOINT_URL'] = harness.cloud.clientConfig.endpoint;
    process.env['AWS_REGION'] = harness.cloud.clientConfig.region;
    process.env['AWS_ACCESS_KEY_ID'] = 'local';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'local';
    for (const [name, value] of Object.entries(
      licensingService.functions!.find((fn) => fn.app === 'check-feature-flag')!.environment!,
    ))
      process.env[name] = String(value);
    const { handler } = await import('../../src/handler.js');
    const alb = (path: string, body: string): ALBEvent => ({
      requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:0:targetgroup/x/1' } },
      httpMethod: 'POST',
      path,
      queryStringParameters: {},
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
      body,
      isBase64Encoded: false,
    });
    const context = { awsRequestId: 'alb-1', getRemainingTimeInMillis: () => 5000 } as never;
    const on = (await handler(alb('/v1/flags/provider_registration/check', ''), context)) as ALBResult;
    expect([on.statusCode, JSON.parse(on.body!)]).toEqual([200, { enabled: true }]);
    const missing = (await handler(alb('/v1/flags/nope/check', '{}'), context)) as ALBResult;
    expect(missing.statusCode).toBe(404);
  });
});
