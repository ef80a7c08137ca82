import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AcuantAssureIdVendor,
  VendorError,
  VendorTimeoutError,
  createDocumentVendor,
  type DocumentImages,
  type DocumentVendor,
} from '../../../src/index.js';
import { PII, assureIdResult, failedResult } from '../../unit/acuant/assure-id-results.js';
import { LocalSecrets } from '../../support/secrets.js';
import { AcuantSimulator, INSTANCE_ID, PORTRAIT, type Behaviour } from './simulator.js';

const USERNAME = 'acuant-user';
const PASSWORD = 'acuant-password-7f3e9b';
const SUBSCRIPTION = '3c1f4a52-9a9e-4f0e-8d7e-0c6a3b1f2e11';
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;

const acuant = new AcuantSimulator();
const secrets = new LocalSecrets();

const secret = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    assure_id_url: acuant.urls.assureid,
    facial_match_url: acuant.urls.facematch,
    passlive_url: acuant.urls.passlive,
    assure_id_username: USERNAME,
    assure_id_password: PASSWORD,
    assure_id_subscription_id: SUBSCRIPTION,
    ...overrides,
  });

/** A vendor reading its own secret (each name is cached separately by getSecret). */
const vendorWith = async (prefix: string, value: string): Promise<DocumentVendor> =>
  createDocumentVendor({
    kind: 'acuant',
    secretName: await secrets.create(value, prefix),
    secrets: { secretsClient: secrets.client },
  });

let vendor: DocumentVendor;
// Distinct, recognisable bytes per image, so the test can tell which one went where.
const images = (): Required<DocumentImages> => ({
  front: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('FRONT-'), randomBytes(4096)]),
  back: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('BACK-'), randomBytes(4096)]),
  selfie: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('SELFIE-'), randomBytes(4096)]),
});
const liveness = (on: boolean, signal = new AbortController().signal) => ({
  signal,
  livenessCheckingEnabled: on,
});
const behave = (overrides: Partial<Behaviour>) =>
  acuant.reset({ ...AcuantSimulator.passing({ results: assureIdResult() }), ...overrides });

beforeAll(async () => {
  await Promise.all([acuant.start(), secrets.start()]);
  vendor = await vendorWith('acuant-main', secret());
});

afterAll(async () => {
  await Promise.all([acuant.stop(), secrets.stop()]);
});

beforeEach(() => behave({}));

const document = `/AssureIDService/Document/${INSTANCE_ID}`;

describe('AcuantAssureIdVendor against a local AssureID', () => {
  it('creates an instance, uploads both sides, reads the result and deletes the instance', async () => {
    const sent = images();
    const verdict = await vendor.proof(sent, liveness(false));

    expect(acuant.flow()).toEqual([
      'assureid POST /AssureIDService/Document/Instance',
      `assureid POST ${document}/Image?side=0&light=0`,
      `assureid POST ${document}/Image?side=1&light=0`,
      `assureid GET ${document}`,
      `assureid DELETE ${document}`,
    ]);
    expect(acuant.requests.every((r) => r.authorization === BASIC)).toBe(true);
    const [create, front, back] = acuant.requests;
    expect(JSON.parse(create!.body.toString())).toMatchObject({
      SubscriptionId: SUBSCRIPTION,
      ImageCroppingMode: '3',
      Device: { Type: { Manufacturer: 'Login.gov', SensorType: '0' } },
    });
    expect(front!.body.equals(sent.front)).toBe(true);
    expect(back!.body.equals(sent.back)).toBe(true);

    expect(verdict).toMatchObject({
      success: true,
      errors: {},
      billed: true,
      result: 'Passed',
      alert_failure_count: 0,
      face_match_results: null,
      selfie_liveness_results: null,
      transaction_id: INSTANCE_ID,
      pii_from_doc: {
        first_name: PII.first,
        last_name: PII.last,
        dob: '1915-12-10',
        state_id_type: 'drivers_license',
      },
    });
    expect(verdict.image_metrics).toMatchObject({
      front: { SharpnessMetric: 66 },
      back: { GlareMetric: 95 },
    });
    expect(verdict.raw_regions).toHaveLength(1);
  });

  it('with liveness on, matches the selfie against the card portrait and checks that it is live', async () => {
    const sent = images();
    const verdict = await vendor.proof(sent, liveness(true));

    expect(acuant.flow()).toEqual(
      expect.arrayContaining([
        `assureid GET ${document}/Field/Image?key=Photo`,
        'facematch POST /api/v1/facematch',
        'passlive POST /api/v1/liveness',
      ]),
    );
    expect(acuant.flow().at(-1)).toBe(`assureid DELETE ${document}`);
    const match = acuant.requests.find((r) => r.service === 'facematch')!;
    const live = acuant.requests.find((r) => r.service === 'passlive')!;
    expect([match.authorization, live.authorization]).toEqual([BASIC, BASIC]);
    expect(JSON.parse(match.body.toString())).toEqual({
      Data: { ImageOne: sent.selfie.toString('base64'), ImageTwo: PORTRAIT.toString('base64') },
      Settings: { SubscriptionId: SUBSCRIPTION },
    });
    expect(JSON.parse(live.body.toString())).toEqual({
      Settings: { SubscriptionId: SUBSCRIPTION, AdditionalSettings: { OS: 'UNKNOWN' } },
      Image: sent.selfie.toString('base64'),
    });

    expect(verdict).toMatchObject({
      success: true,
      errors: {},
      face_match_results: { is_match: true, match_score: 88 },
      selfie_liveness_results: { liveness_assessment: 'Live', liveness_score: 91 },
    });
  });

  it('fails a card with failed alerts, billed, without checking the selfie', async () => {
    behave({ results: () => ({ status: 200, body: JSON.stringify(failedResult()) }) });
    const verdict = await vendor.proof(images(), liveness(true));
    expect(verdict).toMatchObject({
      success: false,
      errors: { front: ['visible_photo_check'] },
      billed: true,
      result: 'Failed',
      alert_failure_count: 1,
      processed_alerts: {
        failed: [{ name: 'Visible Photo Characteristics', result: 'Failed', side: 'front' }],
      },
      pii_from_doc: null,
      face_match_results: null,
    });
    expect(acuant.requests.some((r) => r.service !== 'assureid')).toBe(false);
    expect(acuant.flow().at(-1)).toBe(`assureid DELETE ${document}`);
  });

  it('fails a selfie that does not match the portrait', async () => {
    behave({ facematch: () => ({ status: 200, body: JSON.stringify({ IsMatch: false, Score: 12 }) }) });
    const verdict = await vendor.proof(images(), liveness(true));
    expect(verdict).toMatchObject({
      success: false,
      errors: { selfie: ['selfie_failure'] },
      face_match_results: { is_match: false, match_score: 12 },
      billed: true,
    });
  });

  it('fails a selfie that is not live', async () => {
    behave({
      liveness: () => ({
        status: 200,
        body: JSON.stringify({
          LivenessResult: { Score: 3, LivenessAssessment: 'NotLive' },
          Error: null,
          ErrorCode: null,
        }),
      }),
    });
    const verdict = await vendor.proof(images(), liveness(true));
    expect(verdict).toMatchObject({
      success: false,
      errors: { selfie: ['selfie_failure'] },
      face_match_results: { is_match: true },
      selfie_liveness_results: { liveness_assessment: 'NotLive', liveness_score: 3 },
    });
  });

  it('answers an image AssureID cannot load (HTTP 438) with an unbilled verdict, and deletes the instance', async () => {
    behave({
      upload: (side) =>
        side === '1' ? { status: 438, body: '{"Message":"bad image"}' } : { status: 200, body: '' },
    });
    const verdict = await vendor.proof(images(), liveness(false));
    expect(verdict).toMatchObject({
      success: false,
      billed: false,
      errors: { general: ['image_load_failure'], back: ['image_load_failure_field'] },
    });
    expect(acuant.flow().at(-1)).toBe(`assureid DELETE ${document}`);
  });

  it('retries a 404 on a fresh instance, as the IDP client does', async () => {
    let calls = 0;
    behave({
      results: () =>
        ++calls === 1 ? { status: 404, body: '' } : { status: 200, body: JSON.stringify(assureIdResult()) },
    });
    const verdict = await vendor.proof(images(), liveness(false));
    expect(verdict.success).toBe(true);
    expect(calls).toBe(2);
  });

  it('raises "acuant answered HTTP 500" and still deletes the instance', async () => {
    behave({ results: () => ({ status: 500, body: 'Internal error' }) });
    const error = await vendor.proof(images(), liveness(false)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).not.toBeInstanceOf(VendorTimeoutError);
    expect((error as Error).message).toBe('acuant answered HTTP 500');
    expect(acuant.flow().at(-1)).toBe(`assureid DELETE ${document}`);
  });

  it('raises "acuant sent an unreadable response" for malformed JSON or a body without a result', async () => {
    behave({ results: () => ({ status: 200, body: '{"Result": 1, "Fields": [' }) });
    await expect(vendor.proof(images(), liveness(false))).rejects.toThrow(
      'acuant sent an unreadable response',
    );
    behave({ results: () => ({ status: 200, body: '{"Alerts": []}' }) });
    await expect(vendor.proof(images(), liveness(false))).rejects.toThrow(
      'acuant sent an unreadable response',
    );
    behave({ facematch: () => ({ status: 200, body: '<html>' }) });
    await expect(vendor.proof(images(), liveness(true))).rejects.toThrow(
      'acuant sent an unreadable response',
    );
  });

  it('times out through the job signal when AssureID hangs, and deletes the instance afterwards', async () => {
    behave({ results: () => 'hang' });
    const error = await vendor
      .proof(images(), liveness(false, AbortSignal.timeout(300)))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTimeoutError);
    // The message names what ended the wait: the job's signal, not the 15 s request cap.
    expect((error as Error).message).toBe("acuant did not answer before the job's deadline");
    expect(acuant.flow().at(-1)).toBe(`assureid DELETE ${document}`);
  });

  it('times out a hanging face match by the per-request cap from the secret', async () => {
    const capped = await vendorWith('acuant-capped', secret({ request_timeout_ms: 200 }));
    behave({ facematch: () => 'hang' });
    const error = await capped.proof(images(), liveness(true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTimeoutError);
    // 'timed out' is the per-request cap; the job's signal would say "before the job's deadline".
    expect((error as Error).message).toBe('acuant timed out');
  });

  it('raises "acuant unreachable" when nothing listens', async () => {
    const dead = await vendorWith('acuant-dead', secret({ assure_id_url: 'http://127.0.0.1:1' }));
    await expect(dead.proof(images(), liveness(false))).rejects.toThrow('acuant unreachable');
  });

  it('refuses a secret with a missing or non-https URL, naming the field and no value', async () => {
    const missing = await vendorWith('acuant-missing', secret({ assure_id_password: undefined }));
    await expect(missing.proof(images(), liveness(false))).rejects.toThrow(
      'Acuant configuration: assure_id_password is required',
    );
    const plain = await vendorWith('acuant-plain', secret({ passlive_url: 'http://passlive.example.com' }));
    const error = (await plain.proof(images(), liveness(false)).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('Acuant configuration: passlive_url must be an https URL');
    expect(acuant.requests).toHaveLength(0);
  });

  it('is what the factory builds for kind acuant', () => {
    expect(vendor).toBeInstanceOf(AcuantAssureIdVendor);
    expect(vendor.name).toBe('acuant:assure_id');
  });
});

describe('AcuantAssureIdVendor errors', () => {
  // Everything a thrown error can show: message, stack, causes and own properties, however deep.
  const everything = (error: unknown) =>
    `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)}`;

  it('carry no response body, PII, credentials or image bytes', async () => {
    const pii = [PII.first, PII.last, PII.address1, PII.documentNumber];
    const bodyWithPii = JSON.stringify({
      ...assureIdResult(),
      Message: `failed for ${PII.first} ${PII.last}`,
    });
    const failures: Partial<Behaviour>[] = [
      { results: () => ({ status: 500, body: bodyWithPii }) },
      { results: () => ({ status: 200, body: bodyWithPii.slice(0, -20) }) }, // malformed, PII near the cut
      { results: () => ({ status: 200, body: JSON.stringify({ Fields: assureIdResult().Fields }) }) },
      { facematch: () => ({ status: 502, body: bodyWithPii }) },
      { liveness: () => ({ status: 200, body: `not json ${PII.first}` }) },
      { portrait: () => ({ status: 200, body: '' }) },
      { results: () => 'hang' },
    ];
    for (const failure of failures) {
      behave(failure);
      const sent = images();
      const error = await vendor
        .proof(sent, liveness(true, AbortSignal.timeout(300)))
        .then(() => undefined)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorError);
      const shown = everything(error);
      for (const value of [...pii, PASSWORD, BASIC, 'failed for']) expect(shown).not.toContain(value);
      for (const image of [sent.front, sent.back, sent.selfie]) {
        expect(shown).not.toContain(image.toString('base64').slice(0, 40));
        expect(shown).not.toContain(image.subarray(3, 40).toString('latin1'));
      }
      expect((error as Error).message).toMatch(
        /^acuant (answered HTTP \d+|sent an unreadable response|did not answer|timed out)/,
      );
    }
  });
});
