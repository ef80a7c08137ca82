import { describe, expect, it } from 'vitest';
import {
  docAuthErrors,
  imageMetricErrors,
  isAttentionWithBarcode,
  isIdTypeSupported,
  type DocAuthOutcome,
} from '../../../src/document/doc-auth.js';
import { readTestCredential } from '../../../src/document/test-credential.js';

const good = { HorizontalResolution: 600, VerticalResolution: 600, SharpnessMetric: 80, GlareMetric: 80 };
const outcome = (overrides: Partial<DocAuthOutcome>): DocAuthOutcome => ({
  docAuthResult: 'Failed',
  failed: [],
  passed: [],
  imageMetrics: { front: good, back: good },
  livenessEnabled: false,
  selfieFailed: false,
  ...overrides,
});

describe('docAuthErrors (the IDP ErrorGenerator)', () => {
  it('maps one failed alert to its field', () => {
    expect(
      docAuthErrors(outcome({ failed: [{ name: 'Visible Photo Characteristics', result: 'Failed' }] })),
    ).toEqual({
      front: ['visible_photo_check'],
    });
  });

  it('collapses failures on several fields into the general error, worded for liveness when the selfie failed', () => {
    const failed = [
      { name: 'Birth Date Valid', result: 'Failed' },
      { name: '2D Barcode Read', result: 'Failed' },
    ];
    expect(docAuthErrors(outcome({ failed }))).toEqual({ general: ['general_error_no_liveness'] });
    expect(docAuthErrors(outcome({ failed, livenessEnabled: true, selfieFailed: true }))).toEqual({
      general: ['general_error_liveness'],
    });
  });

  it('ignores alerts it does not know, falling back to the general error', () => {
    expect(docAuthErrors(outcome({ failed: [{ name: 'Some New Check', result: 'Failed' }] }))).toEqual({
      general: ['general_error_no_liveness'],
    });
  });

  it('puts image quality first: resolution, then sharpness, then glare', () => {
    const blurry = { ...good, SharpnessMetric: 10 };
    expect(imageMetricErrors({ front: blurry, back: blurry })).toEqual({ general: ['sharp_low_both_sides'] });
    expect(imageMetricErrors({ front: { ...blurry, HorizontalResolution: 100 }, back: good })).toEqual({
      general: ['dpi_low_one_side'],
    });
    expect(imageMetricErrors({ front: { ...good, GlareMetric: 5 }, back: good })).toEqual({
      general: ['glare_low_one_side'],
    });
    expect(imageMetricErrors({ front: good, back: good })).toEqual({});
  });

  it('accepts an Attention caused only by an unreadable barcode', () => {
    const barcode = { name: '2D Barcode Read', result: 'Attention' };
    expect(
      isAttentionWithBarcode('Attention', [barcode, { name: 'Visible Pattern', result: 'Passed' }]),
    ).toBe(true);
    expect(
      isAttentionWithBarcode('Attention', [barcode, { name: 'Visible Pattern', result: 'Caution' }]),
    ).toBe(false);
    expect(isAttentionWithBarcode('Failed', [barcode])).toBe(false);
  });

  it('refuses only a clearly unsupported card type', () => {
    expect(isIdTypeSupported(undefined)).toBe(true);
    expect(
      isIdTypeSupported({
        Front: { ClassName: 'Drivers License', CountryCode: 'USA', IssuerType: 'StateProvince' },
      }),
    ).toBe(true);
    expect(isIdTypeSupported({ Front: { ClassName: 'Unknown' } })).toBe(true);
    expect(isIdTypeSupported({ Back: { ClassName: 'Passport' } })).toBe(false);
    expect(isIdTypeSupported({ Front: { ClassName: 'Drivers License', CountryCode: 'CAN' } })).toBe(false);
    expect(isIdTypeSupported({ Front: { ClassName: 'Drivers License', IssuerType: 'Business' } })).toBe(
      false,
    );
  });
});

describe('readTestCredential', () => {
  it('takes binary data, large files and text with control characters for photos', () => {
    expect(readTestCredential(Buffer.from([0x00, 0x01, 0x02, 0x61]))).toEqual({ kind: 'image' });
    expect(readTestCredential(Buffer.from([0xc3, 0x28, 0x61]))).toEqual({ kind: 'image' }); // invalid UTF-8
    expect(readTestCredential(Buffer.alloc(100 * 1024, 'a'))).toEqual({ kind: 'image' });
  });

  it('reports a YAML alias bomb as invalid YAML instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `c${i}: &c${i} [${Array(9)
          .fill(i === 0 ? '*b' : `*c${i - 1}`)
          .join(', ')}]`,
      );
    expect(readTestCredential(Buffer.from(bomb.join('\n')))).toEqual({
      kind: 'invalid',
      general: ['invalid YAML file'],
    });
  });

  it('names the Ruby class of a scalar document, as the IDP does', () => {
    expect(readTestCredential(Buffer.from('42'))).toEqual({
      kind: 'invalid',
      general: ['YAML data should have been a hash, got Integer'],
    });
  });
});
