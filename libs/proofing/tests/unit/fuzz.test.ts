import type { S3Client } from '@aws-sdk/client-s3';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { addressCallbackSchema, documentCallbackSchema, resolutionCallbackSchema } from '@backend/contracts';
import { ValidationError, type HttpClient } from '@backend/platform';
import {
  VendorError,
  type AddressVendor,
  type DocumentVendor,
  type ResolutionVendor,
  type StateIdVendor,
  type VendorVerdict,
} from '@backend/vendors';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addressJob,
  documentJob,
  failedDocumentResult,
  jobDeadlines,
  resolutionJob,
  runJob,
  type ProofingJob,
} from '../../src/index.js';

// Property-based: whatever the IDP (or anyone able to invoke the function) sends, a job ends in a normal
// result or a schema-error result at the callback, or refuses with a ValidationError when there is no
// callback it may call. Never another error, never an unhandled rejection, never PII in a log line.
const RUNS = 1000;
const ajv = new Ajv({ allowUnionTypes: true });
addFormats.default(ajv);

let logs = '';
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  const capture = (chunk: string | Uint8Array) => {
    logs += chunk.toString();
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  vi.restoreAllMocks();
  process.off('unhandledRejection', onUnhandled);
});

/** Values that stand out in a log: any of them appearing in the output is a leak. */
const pii = fc.string({ minLength: 1, maxLength: 12 }).map((s) => `PII${s.replace(/\W/g, 'x')}Z`);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.anything(), fc.constant(undefined));
const CALLBACK = 'http://127.0.0.1:9/api/proofing_results/fuzz/r-1';
const callbackUrl = fc.oneof(
  { weight: 8, arbitrary: fc.constant(CALLBACK) },
  { weight: 1, arbitrary: fc.webUrl() },
  { weight: 1, arbitrary: fc.anything() },
);
const applicant = fc.record(
  {
    uuid: maybe(pii),
    first_name: maybe(fc.oneof(pii, fc.constantFrom('Bad', 'Time', 'Fail'))),
    last_name: maybe(pii),
    dob: maybe(fc.oneof(fc.constant('1970-01-01'), pii)),
    ssn: maybe(fc.constantFrom('900-12-3456', '123456789', '000-00-0000', '12-34')),
    phone: maybe(
      fc.constantFrom('2025550100', '7035555555', '7035555999', '7035555888', '+1 (202) 555-0100'),
    ),
    address1: maybe(pii),
    address2: maybe(fc.oneof(pii, fc.constant(null))),
    city: maybe(pii),
    state: maybe(fc.constantFrom('NY', 'XX', 'new york')),
    zipcode: maybe(fc.constantFrom('10001', '00000', '1234')),
    state_id_number: maybe(pii),
    state_id_type: maybe(fc.constantFrom('drivers_license', 'state_id_card')),
    state_id_jurisdiction: maybe(fc.constantFrom('NY', 'ZZ')),
  },
  { requiredKeys: [] },
);

const verdict = (applicantPii: { phone?: unknown }): VendorVerdict => {
  if (String(applicantPii.phone).endsWith('999')) throw new VendorError('Failed to contact proofing vendor');
  return {
    success: !String(applicantPii.phone).endsWith('5555'),
    errors: {},
    messages: [],
    transaction_id: 't',
  };
};
const addressVendor: AddressVendor = { name: 'AddressDouble', proof: async (a) => verdict(a) };
const resolutionVendor: ResolutionVendor = { name: 'ResolutionDouble', proof: async () => verdict({}) };
const stateIdVendor: StateIdVendor = {
  name: 'StateIdDouble',
  proof: async () => ({ ...verdict({}), verified: ['dob'] }),
};
const documentVendor: DocumentVendor = {
  name: 'DocumentDouble',
  proof: async () =>
    ({ ...failedDocumentResult('x'), success: true, exception: undefined, transaction_id: null }) as never,
};

async function check<R extends { success: boolean }>(
  job: ProofingJob<unknown, R>,
  schema: object,
  event: unknown,
): Promise<void> {
  logs = ''; // Each case's own log lines are checked for its own values.
  const bodies: string[] = [];
  const http: HttpClient = async (request) => {
    bodies.push(String(request.body));
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  };
  try {
    await runJob(job, event, {
      callbackToken: async () => 'fuzz-token',
      callbackSigningKey: async () => 'fuzz-signing-key',
      policy: { environment: 'local', allowedHosts: ['127.0.0.1'] },
      deadlines: jobDeadlines({ budgetMs: 2_000, remainingMs: 30_000, callbackReserveMs: 500 }),
      callbackOptions: { http, baseDelayMs: 1 },
    });
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('callback_url');
    expect(bodies).toHaveLength(0);
    return;
  }
  expect(bodies).toHaveLength(1);
  const validate = ajv.compile(schema);
  expect(validate(JSON.parse(bodies[0] ?? '')), JSON.stringify(validate.errors)).toBe(true);
}

function expectNoLeak(values: unknown) {
  const strings = JSON.stringify(values ?? {}).match(/PII[^"\\]*Z/g) ?? [];
  for (const value of strings) expect(logs).not.toContain(value);
}

describe(`fuzzed payloads (${RUNS} cases per job)`, () => {
  it('proof-address', async () => {
    const job = addressJob(addressVendor);
    const event = fc.oneof(
      {
        weight: 9,
        arbitrary: fc.record(
          { applicant_pii: maybe(applicant), callback_url: callbackUrl, trace_id: maybe(pii) },
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: fc.anything() },
    );
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        await check(job, addressCallbackSchema, e);
        expectNoLeak(e);
      }),
      { numRuns: RUNS },
    );
  });

  it('proof-resolution', async () => {
    const job = resolutionJob({ resolution: resolutionVendor, stateId: stateIdVendor });
    const event = fc.oneof(
      {
        weight: 9,
        arbitrary: fc.record(
          {
            applicant_pii: maybe(applicant),
            callback_url: callbackUrl,
            should_proof_state_id: maybe(fc.boolean()),
            dob_year_only: maybe(fc.boolean()),
          },
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: fc.anything() },
    );
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        await check(job, resolutionCallbackSchema, e);
        expectNoLeak(e);
      }),
      { numRuns: RUNS },
    );
  });

  it('proof-document', async () => {
    // An S3 that cannot be reached: an image URL that passes every check fails to be read, a normal result.
    const s3 = {
      send: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    } as unknown as S3Client;
    const job = documentJob({
      vendor: documentVendor,
      s3,
      bucket: { bucket: 'docs', region: 'us-east-1', localEndpointHosts: ['127.0.0.1:9'] },
    });
    const base64 = (bytes: number) =>
      fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('base64'));
    const imageUrl = fc.oneof(
      fc.constant('http://127.0.0.1:9/docs/front.bin'),
      fc.constant('https://s3.amazonaws.com/docs/a/b.bin'),
      fc.constant('https://evil.example/docs/a.bin'),
      fc.webUrl(),
      fc.anything(),
    );
    const event = fc.oneof(
      {
        weight: 9,
        arbitrary: fc.record(
          {
            encryption_key: maybe(fc.oneof(base64(32), base64(16), pii)),
            front_image_iv: maybe(base64(12)),
            back_image_iv: maybe(fc.oneof(base64(12), base64(8))),
            selfie_image_iv: maybe(fc.oneof(base64(12), fc.constant(null))),
            front_image_url: maybe(imageUrl),
            back_image_url: maybe(imageUrl),
            selfie_image_url: maybe(fc.oneof(imageUrl, fc.constant(null))),
            liveness_checking_enabled: maybe(fc.boolean()),
            callback_url: callbackUrl,
          },
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: fc.anything() },
    );
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        await check(job, documentCallbackSchema, e);
        const key = (e as { encryption_key?: unknown } | null)?.encryption_key;
        if (typeof key === 'string' && key.length >= 8) expect(logs).not.toContain(key);
      }),
      { numRuns: RUNS },
    );
  });

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});
