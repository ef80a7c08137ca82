import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { SSMClient } from '@aws-sdk/client-ssm';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { COMPACTS, JURISDICTIONS, LICENSE_TYPES, type License } from '@backend/contracts';
import { httpHandler } from '@backend/platform';
import {
  httpApiEvent,
  lambdaContext,
  recaptchaToken,
  sampleLicense,
  startLicensingHarness,
  type LicensingHarness,
} from '@backend/testing';
import { createFeatureFlags } from '@backend/vendors';
import type { ALBEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LICENSING_FLAGS,
  REGISTRATION_ACCEPTED,
  dataKeyParameter,
  deriveLicensingKeys,
  flagCheckRoute,
  flagsParameterPrefix,
  licenseRecords,
  licensingResourceNames,
  licensingService,
  localRegistrationSettings,
  registrationFrom,
  registrationRoute,
  type LicensingFlag,
  type Registration,
} from '../../src/index.js';

// 1,000 fuzzed requests per public route through the same httpHandler and routes the functions run, in process
// against the local cloud's DynamoDB, SES, Secrets Manager, SSM and reCAPTCHA stand-in. Never a 5xx; every refusal
// in the error envelope; every accepted registration answers byte for byte the same body, whether its details
// matched a license or not; a flag answers its SSM value or 404; nothing a caller sent is logged.
const RUNS = 1000;
const ADA = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1985-12-10', ssn: '321-54-9876' };

let harness: LicensingHarness;
let ses: SESClient;
let secrets: SecretsManagerClient;
let ssm: SSMClient;
let registration: Registration;
let logs = '';

beforeAll(async () => {
  harness = await startLicensingHarness({
    service: { ...licensingService, functions: [] },
    names: licensingResourceNames,
  });
  const keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
  const records = licenseRecords(
    sampleLicense(ADA.ssn, ADA) as unknown as License,
    { compact: 'aslp', jurisdiction: 'oh', uploadId: 'seed', dateOfUpdate: '2026-01-01T00:00:00.000Z' },
    1,
    keys,
  );
  for (const item of [records.licenseItem, records.providerItem])
    await harness.dynamo.send(
      new PutCommand({ TableName: licensingResourceNames.providersTable, Item: item }),
    );

  ses = new SESClient(harness.cloud.clientConfig);
  secrets = new SecretsManagerClient(harness.cloud.clientConfig);
  ssm = new SSMClient(harness.cloud.clientConfig);
  registration = registrationFrom(
    localRegistrationSettings(licensingResourceNames.providersTable, harness.cloud.recaptchaVerifyUrl),
    { dynamo: harness.dynamo, ses, secrets: { secretsClient: secrets } },
  );

  const capture = (chunk: string | Uint8Array) => {
    logs += chunk.toString();
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
}, 120_000);

afterAll(async () => {
  vi.restoreAllMocks();
  ses?.destroy();
  secrets?.destroy();
  ssm?.destroy();
  await harness?.stop();
});

const odd = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constant('x'.repeat(20_000)),
  fc.integer(),
  fc.constant(null),
);

/** Ada's details, or one of them changed: the near-misses a person (or someone guessing) would send. */
const details = fc.record({
  givenName: fc.oneof(fc.constantFrom('Ada', 'ada', ' ADA '), fc.string({ minLength: 1, maxLength: 20 })),
  familyName: fc.oneof(fc.constantFrom('Lovelace', 'LOVELACE'), fc.string({ minLength: 1, maxLength: 20 })),
  email: fc.constantFrom('ada@example.com', 'someone@example.org'),
  dateOfBirth: fc.oneof(fc.constant(ADA.dateOfBirth), fc.constantFrom('1985-12-11', '1958-12-10')),
  ssnLastFour: fc.oneof(fc.constant('9876'), fc.stringMatching(/^[0-9]{4}$/)),
  jurisdiction: fc.oneof(fc.constant('oh'), fc.constantFrom(...JURISDICTIONS)),
  licenseType: fc.oneof(fc.constant('audiologist'), fc.constantFrom(...LICENSE_TYPES)),
  compact: fc.oneof(fc.constant('aslp'), fc.constantFrom(...COMPACTS)),
});

const matchesAda = (body: Record<string, unknown>) =>
  String(body['givenName']).trim().toLowerCase() === 'ada' &&
  String(body['familyName']).toLowerCase() === 'lovelace' &&
  body['dateOfBirth'] === ADA.dateOfBirth &&
  body['ssnLastFour'] === '9876' &&
  body['jurisdiction'] === 'oh' &&
  body['licenseType'] === 'audiologist' &&
  body['compact'] === 'aslp';

type Case =
  | { kind: 'fresh-token'; body: Record<string, unknown>; score: number; action: string }
  | { kind: 'raw'; body: unknown };

/** Well-formed details with a fresh token (a good one, mostly), the same with a forged token, or anything at all. */
const registrationCase: fc.Arbitrary<Case> = fc.oneof(
  // Ada's own details, written as a person might: the path where a license matches, taken often enough to compare.
  {
    weight: 1,
    arbitrary: fc
      .record({
        givenName: fc.constantFrom('Ada', 'ada', ' ADA '),
        familyName: fc.constantFrom('Lovelace', 'LOVELACE'),
        email: fc.constantFrom('ada@example.com', 'someone@example.org'),
      })
      .map((names) => ({
        kind: 'fresh-token' as const,
        body: {
          ...names,
          dateOfBirth: ADA.dateOfBirth,
          ssnLastFour: '9876',
          jurisdiction: 'oh',
          licenseType: 'audiologist',
          compact: 'aslp',
        },
        score: 0.9,
        action: 'register',
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(details, fc.constantFrom(0.9, 0.9, 0.9, 0.2), fc.constantFrom('register', 'register', 'login'))
      .map(([body, score, action]) => ({ kind: 'fresh-token' as const, body, score, action })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(details, fc.oneof(fc.string({ maxLength: 50 }), odd))
      .map(([body, recaptchaToken]) => ({ kind: 'raw' as const, body: { ...body, recaptchaToken } })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          givenName: odd,
          familyName: odd,
          email: fc.oneof(fc.emailAddress(), odd),
          dateOfBirth: fc.oneof(fc.constant(ADA.dateOfBirth), odd),
          ssnLastFour: fc.oneof(fc.constant('9876'), odd),
          jurisdiction: odd,
          licenseType: odd,
          compact: odd,
          recaptchaToken: odd,
          extra: odd,
        },
        { requiredKeys: [] },
      )
      .map((body) => ({ kind: 'raw' as const, body })),
  },
  { weight: 1, arbitrary: fc.anything().map((body) => ({ kind: 'raw' as const, body })) },
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 100 }).map((text) => ({ kind: 'raw' as const, body: text })),
  },
);

const envelope = (text: string) =>
  expect(JSON.parse(text)).toEqual({
    error: {
      code: expect.any(String),
      message: expect.any(String),
      ...('field' in (JSON.parse(text) as { error: object }).error ? { field: expect.any(String) } : {}),
    },
  });

describe('fuzzed registration', () => {
  it(`answers ${RUNS} fuzzed requests without a 5xx, and every accepted one with the same bytes, match or not`, async () => {
    const handler = httpHandler(
      registrationRoute(() => registration),
      { maxBodyBytes: 16 * 1024 },
    );
    const accepted = { match: new Set<string>(), noMatch: new Set<string>() };
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(registrationCase, fc.ipV4(), fc.boolean(), async (testCase, sourceIp, viaAlb) => {
        let body: unknown = testCase.body;
        if (testCase.kind === 'fresh-token') {
          const token = await recaptchaToken(harness.cloud, {
            action: testCase.action,
            score: testCase.score,
          });
          body = { ...testCase.body, recaptchaToken: token };
        }
        const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? 'null');
        // Behind the ALB the client's address is the right-most X-Forwarded-For entry; what a client sent precedes it.
        const event = viaAlb
          ? ({
              requestContext: {
                elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:0:targetgroup/x/1' },
              },
              httpMethod: 'POST',
              path: '/v1/provider-users/registration',
              queryStringParameters: {},
              headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.1, ${sourceIp}` },
              body: text,
              isBase64Encoded: false,
            } satisfies ALBEvent)
          : httpApiEvent({ routeKey: 'POST /v1/provider-users/registration', body: text, sourceIp });
        const result = (await handler(event, lambdaContext('local-register-provider'))) as {
          statusCode: number;
          body: string;
        };
        statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);
        expect(result.statusCode, result.body).toBeLessThan(500);
        if (result.statusCode >= 400) {
          envelope(result.body);
          return;
        }
        expect(result.statusCode).toBe(202);
        const sent = body as Record<string, unknown>;
        (matchesAda(sent) ? accepted.match : accepted.noMatch).add(result.body);
      }),
      { numRuns: RUNS },
    );
    // Both paths were taken, and each answered the one body, byte for byte the same.
    expect(accepted.match.size).toBe(1);
    expect(accepted.noMatch.size).toBe(1);
    expect([...accepted.match]).toEqual([...accepted.noMatch]);
    expect([...accepted.match]).toEqual([JSON.stringify(REGISTRATION_ACCEPTED)]);
    // The fuzz reached past the schema: reCAPTCHA refused some.
    expect(statuses.get(400)).toBeGreaterThan(0);
  }, 180_000);
});

describe('fuzzed flag checks', () => {
  it(`answers ${RUNS} fuzzed requests with the flag's SSM value, 404 or a 400, never a 5xx`, async () => {
    const flags = createFeatureFlags(LICENSING_FLAGS, {
      kind: 'ssm',
      parameterPrefix: flagsParameterPrefix,
      ssmClient: ssm,
    });
    const handler = httpHandler(
      flagCheckRoute(() => flags),
      { maxBodyBytes: 4 * 1024 },
    );
    const declared = Object.keys(LICENSING_FLAGS) as LicensingFlag[];
    const flagId = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...declared) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '..', '%2e%2e', 'a%2Fb'),
      },
      { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }) },
    );
    const context = fc.record(
      {
        userId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,20}$/), odd),
        attributes: fc.oneof(
          fc.dictionary(
            fc.stringMatching(/^[a-z_]{1,10}$/),
            fc.oneof(fc.string(), fc.integer(), fc.boolean()),
            {
              maxKeys: 12,
            },
          ),
          odd,
        ),
        email: odd,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 4, arbitrary: fc.record({ context }, { requiredKeys: [] }).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: fc.anything().map((value) => JSON.stringify(value) ?? 'null') },
      { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
    );
    const values: Record<LicensingFlag, boolean> = { provider_registration: true, provider_search: false };
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(flagId, body, fc.boolean(), async (id, text, viaAlb) => {
        const path = `/v1/flags/${encodeURIComponent(id)}/check`;
        const event = viaAlb
          ? ({
              requestContext: {
                elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:0:targetgroup/x/1' },
              },
              httpMethod: 'POST',
              path,
              queryStringParameters: {},
              headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.5' },
              body: text ?? '',
              isBase64Encoded: false,
            } satisfies ALBEvent)
          : {
              ...httpApiEvent({ routeKey: 'POST /v1/flags/{flagId}/check', body: text }),
              rawPath: path,
              pathParameters: { flagId: id },
            };
        const result = (await handler(event, lambdaContext('local-check-feature-flag'))) as {
          statusCode: number;
          body: string;
        };
        seen.set(result.statusCode, (seen.get(result.statusCode) ?? 0) + 1);
        expect(result.statusCode, result.body).toBeLessThan(500);
        const isDeclared = (declared as string[]).includes(id);
        // An undeclared flag is 404, unless the body was refused first (over the size limit: 413).
        if (!isDeclared) expect([404, 413]).toContain(result.statusCode);
        if (result.statusCode >= 400) {
          envelope(result.body);
          return;
        }
        expect(JSON.parse(result.body)).toEqual({ enabled: values[id as LicensingFlag] });
      }),
      { numRuns: RUNS },
    );
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 404]));
  }, 120_000);
});

describe('after the fuzz', () => {
  it('logged none of what the callers sent', () => {
    expect(logs).toContain('registration accepted');
    for (const value of ['ada@example.com', 'Lovelace', 'LOVELACE', ADA.dateOfBirth])
      expect(logs).not.toContain(value);
  });
});
