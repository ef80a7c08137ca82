import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MOCK_DOCUMENT_PII,
  MockDocumentVendor,
  VendorError,
  VendorTimeoutError,
  createDocumentVendor,
  type DocumentImages,
} from '../../../src/index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
// Photo-like bytes: a JPEG and a PNG header followed by noise, as a browser would upload.
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048)]);
const png = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]);

const vendor = new MockDocumentVendor();
const signal = new AbortController().signal;
const proof = (images: DocumentImages, livenessCheckingEnabled = false) =>
  vendor.proof(images, { signal, livenessCheckingEnabled });

describe('MockDocumentVendor with photos', () => {
  it('passes real images with the mock PII and billed, without selfie fields when liveness is off', async () => {
    const verdict = await proof({ front: jpeg(), back: png() });
    expect(verdict).toMatchObject({
      success: true,
      errors: {},
      billed: true,
      result: 'Passed',
      alert_failure_count: 0,
      face_match_results: null,
      selfie_liveness_results: null,
      pii_from_doc: MOCK_DOCUMENT_PII,
    });
    expect(verdict.image_metrics).toEqual({
      front: { VerticalResolution: 600, HorizontalResolution: 600, GlareMetric: 100, SharpnessMetric: 100 },
      back: { VerticalResolution: 600, HorizontalResolution: 600, GlareMetric: 100, SharpnessMetric: 100 },
    });
    expect(verdict.transaction_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('checks the selfie when liveness is on and a selfie is present', async () => {
    const verdict = await proof({ front: jpeg(), back: jpeg(), selfie: jpeg() }, true);
    expect(verdict.success).toBe(true);
    expect(verdict.face_match_results).toEqual({ is_match: true, match_score: null });
    expect(verdict.selfie_liveness_results).toMatchObject({ liveness_assessment: 'Live' });
  });

  it('ignores a selfie when liveness is off', async () => {
    const verdict = await proof(
      { front: jpeg(), back: jpeg(), selfie: fixture('selfie-not-live.yml') },
      false,
    );
    expect(verdict.success).toBe(true);
    expect(verdict.face_match_results).toBeNull();
    expect(verdict.selfie_liveness_results).toBeNull();
  });

  it('never passes a liveness check without a selfie', async () => {
    const verdict = await proof({ front: jpeg(), back: jpeg() }, true);
    expect(verdict.success).toBe(false);
    expect(verdict.errors).toEqual({ selfie: ['selfie_failure'] });
    expect(verdict.face_match_results).toBeNull();
  });

  it('treats a data: URI as a photo', async () => {
    const verdict = await proof({ front: Buffer.from('data:image/png;base64,iVBORw0KGgo='), back: jpeg() });
    expect(verdict.success).toBe(true);
    expect(verdict.pii_from_doc).toEqual(MOCK_DOCUMENT_PII);
  });
});

describe('MockDocumentVendor with the IDP test credential files', () => {
  it('reads the PII of a passing file, normalising the date, ZIP and ID type', async () => {
    const verdict = await proof({ front: jpeg(), back: fixture('passing-credential.yml') });
    expect(verdict.success).toBe(true);
    expect(verdict.errors).toEqual({});
    expect(verdict.pii_from_doc).toEqual({
      first_name: 'Ada',
      middle_name: 'K',
      last_name: 'Lovelace',
      address1: '12 Analytical Row',
      address2: 'Unit 5',
      city: 'Springfield',
      state: 'IL',
      zipcode: '62704',
      dob: '1915-12-10',
      state_id_number: 'L12345678',
      state_id_jurisdiction: 'IL',
      state_id_type: 'state_id_card',
      phone: '+1 217-555-0100',
    });
  });

  it('reads the front when the back is a photo', async () => {
    const verdict = await proof({ front: fixture('failed-alert.yml'), back: jpeg() });
    expect(verdict.success).toBe(false);
  });

  it('fails with the alert mapped to its field, and keeps the alerts', async () => {
    const verdict = await proof({ front: jpeg(), back: fixture('failed-alert.yml') });
    expect(verdict).toMatchObject({
      success: false,
      errors: { id: ['id_not_verified'] },
      result: 'Failed',
      billed: true,
      alert_failure_count: 1,
      processed_alerts: {
        failed: [{ name: 'Visible Pattern', result: 'Failed' }],
        passed: [{ name: '2D Barcode Read', result: 'Passed' }],
      },
    });
    // Fields missing from the file come from the mock applicant, as in the IDP.
    expect(verdict.pii_from_doc).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      city: 'GREAT FALLS',
    });
  });

  it('collapses several failures on the back into one message', async () => {
    const verdict = await proof({ front: jpeg(), back: fixture('two-back-alerts.yml') });
    expect(verdict.errors).toEqual({ back: ['multiple_back_id_failures'] });
    expect(verdict.alert_failure_count).toBe(2);
  });

  it('accepts an unreadable barcode when the file says the transaction passed', async () => {
    const verdict = await proof({ front: jpeg(), back: fixture('barcode-attention.yml') });
    expect(verdict).toMatchObject({ success: true, errors: {}, result: 'Attention' });
  });

  it('fails on low resolution before looking at alerts', async () => {
    const verdict = await proof({ front: jpeg(), back: fixture('low-resolution.yml') });
    expect(verdict.errors).toEqual({ general: ['dpi_low_one_side'] });
    expect(verdict.image_metrics).toMatchObject({
      front: { HorizontalResolution: 150, VerticalResolution: 150, GlareMetric: 100 },
    });
  });

  it('refuses a card type the IDP does not accept', async () => {
    const verdict = await proof({ front: jpeg(), back: fixture('passport.yml') });
    expect(verdict.success).toBe(false);
    expect(verdict.errors).toEqual({
      general: ['doc_type_check'],
      front: ['card_type'],
      back: ['card_type'],
    });
  });

  it('reads JSON as well, and a failed transaction fails with a general error', async () => {
    const verdict = await proof({ front: jpeg(), back: fixture('transaction-failed.json') });
    expect(verdict.success).toBe(false);
    expect(verdict.errors).toEqual({ general: ['general_error_no_liveness'] });
    expect(verdict.pii_from_doc).toMatchObject({ first_name: 'Grace', dob: '1906-12-09' });
  });

  it('reports a file that is not a mapping, or not YAML, as the IDP mock does', async () => {
    const list = await proof({ front: jpeg(), back: fixture('not-a-mapping.yml') });
    expect(list).toMatchObject({
      success: false,
      errors: { general: ['YAML data should have been a hash, got Array'] },
      pii_from_doc: null,
    });
    const broken = await proof({ front: jpeg(), back: fixture('broken-yaml.txt') });
    expect(broken.errors).toEqual({ general: ['invalid YAML file'] });
  });

  it('answers HTTP 438 for an image as a failed, unbilled verdict', async () => {
    const verdict = await proof({ front: jpeg(), back: fixture('image-load-failure.yml') });
    expect(verdict).toMatchObject({
      success: false,
      billed: false,
      errors: { general: ['image_load_failure'], back: ['image_load_failure_field'] },
    });
  });

  it('raises a VendorError for http_status 500 and a timeout once the signal has fired', async () => {
    await expect(proof({ front: jpeg(), back: fixture('vendor-down.yml') })).rejects.toThrow(VendorError);
    const controller = new AbortController();
    controller.abort();
    await expect(
      vendor.proof(
        { front: jpeg(), back: jpeg() },
        { signal: controller.signal, livenessCheckingEnabled: false },
      ),
    ).rejects.toThrow(VendorTimeoutError);
  });
});

describe('MockDocumentVendor selfie results from the files', () => {
  it('fails a selfie that does not match and is not live, with the portrait results', async () => {
    const verdict = await proof(
      { front: jpeg(), back: fixture('selfie-not-live.yml'), selfie: jpeg() },
      true,
    );
    expect(verdict).toMatchObject({
      success: false,
      errors: { selfie: ['selfie_failure'] },
      face_match_results: { is_match: false, match_score: null },
      selfie_liveness_results: { liveness_assessment: 'NotLive' },
    });
  });

  it('does not look at the selfie results when liveness is off', async () => {
    const verdict = await proof(
      { front: jpeg(), back: fixture('selfie-not-live.yml'), selfie: jpeg() },
      false,
    );
    expect(verdict.success).toBe(true);
    expect(verdict.face_match_results).toBeNull();
  });

  it('reads the selfie file itself, and the older liveness_result key', async () => {
    const match = await proof({ front: jpeg(), back: jpeg(), selfie: fixture('selfie-match.yml') }, true);
    expect(match.success).toBe(true);
    expect(match.face_match_results).toEqual({ is_match: true, match_score: 97 });

    const legacy = await proof(
      { front: jpeg(), back: fixture('legacy-liveness-fail.yml'), selfie: jpeg() },
      true,
    );
    // As in the IDP, a file without doc_auth_result implies a failed card (its default alerts) too.
    expect(legacy.success).toBe(false);
    expect(legacy.errors).toEqual({ general: ['general_error_liveness'] });
  });
});

describe('createDocumentVendor', () => {
  it('builds the mock or the Acuant client by kind', () => {
    expect(createDocumentVendor({ kind: 'mock' }).name).toBe('DocumentMock');
    expect(createDocumentVendor({ kind: 'acuant', secretName: 'acuant' }).name).toBe('acuant:assure_id');
  });
});
