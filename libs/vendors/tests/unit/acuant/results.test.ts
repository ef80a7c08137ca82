import { describe, expect, it } from 'vitest';
import { UnreadableResultError, acuantDate, readDocumentResult } from '../../../src/acuant/results.js';
import { PII, assureIdResult, failedResult } from './assure-id-results.js';

describe('readDocumentResult', () => {
  it('reads a passing card: PII with an ISO birth date, alerts, white-light metrics per side, regions', () => {
    const result = readDocumentResult(assureIdResult(), false);
    expect(result).toMatchObject({ result: 'Passed', billed: true, success: true, errors: {} });
    expect(result.pii).toEqual({
      first_name: PII.first,
      middle_name: PII.middle,
      last_name: PII.last,
      address1: PII.address1,
      address2: null,
      city: PII.city,
      state: PII.state,
      zipcode: PII.zip,
      dob: '1915-12-10',
      state_id_number: PII.documentNumber,
      state_id_jurisdiction: PII.state,
      state_id_type: 'drivers_license',
      phone: null,
    });
    expect(result.processedAlerts).toEqual({
      failed: [],
      passed: [
        { name: 'Document Expired', result: 'Passed' },
        { name: 'Visible Pattern', result: 'Passed', region: 'Photo', side: 'front' },
      ],
    });
    expect(result.imageMetrics).toEqual({
      front: {
        GlareMetric: 98,
        SharpnessMetric: 66,
        HorizontalResolution: 600,
        VerticalResolution: 600,
        Light: 0,
        IsCropped: true,
        IsTampered: false,
        MimeType: 'image/jpeg',
      },
      back: {
        GlareMetric: 95,
        SharpnessMetric: 61,
        HorizontalResolution: 600,
        VerticalResolution: 600,
        Light: 0,
        IsCropped: true,
        IsTampered: false,
        MimeType: 'image/jpeg',
      },
    });
    expect(result.rawRegions).toHaveLength(1);
    expect(result.rawAlerts).toHaveLength(2);
  });

  it('fails a card with failed alerts, maps them to fields and reads no PII', () => {
    const result = readDocumentResult(failedResult(), false);
    expect(result).toMatchObject({ result: 'Failed', billed: true, success: false, pii: null });
    expect(result.errors).toEqual({ front: ['visible_photo_check'] });
    expect(result.processedAlerts.failed).toEqual([
      { name: 'Visible Photo Characteristics', result: 'Failed', region: 'Photo', side: 'front' },
    ]);
  });

  it.each([
    [3, 'Skipped'],
    [4, 'Caution'],
  ])('fails result code %i (%s), billed', (code, name) => {
    const result = readDocumentResult(assureIdResult({ Result: code }), true);
    expect(result).toMatchObject({ result: name, billed: true, success: false });
    expect(result.errors).toEqual({ general: ['general_error_liveness'] });
  });

  it('passes an Attention that is only the unreadable barcode', () => {
    const alerts = [
      { Key: '2D Barcode Read', Result: 5, RegionReferences: [] },
      { Key: 'Visible Pattern', Result: 1 },
    ];
    expect(readDocumentResult(assureIdResult({ Result: 5, Alerts: alerts }), false)).toMatchObject({
      success: true,
      result: 'Attention',
    });
    const worse = [...alerts, { Key: 'Visible Pattern', Result: 4 }];
    expect(readDocumentResult(assureIdResult({ Result: 5, Alerts: worse }), false)).toMatchObject({
      success: false,
      errors: { general: ['general_error_no_liveness'] }, // two fields failed: back and id
    });
  });

  it('does not bill an Unknown result, and refuses an unsupported card type', () => {
    expect(readDocumentResult(assureIdResult({ Result: 0 }), false)).toMatchObject({
      result: 'Unknown',
      billed: false,
      success: false,
    });
    const passport = readDocumentResult(assureIdResult({ ClassName: 'Passport' }), false);
    expect(passport).toMatchObject({ success: false, pii: null });
    expect(passport.errors).toEqual({
      general: ['doc_type_check'],
      front: ['card_type'],
      back: ['card_type'],
    });
  });

  it('throws UnreadableResultError without a numeric Result', () => {
    expect(() => readDocumentResult({ Alerts: [] }, false)).toThrow(UnreadableResultError);
    expect(() => readDocumentResult('Passed', false)).toThrow(UnreadableResultError);
    expect(() => readDocumentResult({ Result: '1' }, false)).toThrow(UnreadableResultError);
  });
});

describe('acuantDate', () => {
  it('reads /Date(ms)/, including dates before 1970, and nothing else', () => {
    expect(acuantDate(`/Date(${Date.UTC(2001, 0, 31)})/`)).toBe('2001-01-31');
    expect(acuantDate(`/Date(${Date.UTC(1938, 9, 6)})/`)).toBe('1938-10-06');
    expect(acuantDate('1938-10-06')).toBeNull();
    expect(acuantDate(null)).toBeNull();
  });
});
