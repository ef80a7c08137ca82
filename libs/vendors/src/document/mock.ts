import { randomUUID } from 'node:crypto';
import { VendorError, VendorTimeoutError } from '../errors.js';
import { isRecord } from '../shared/json.js';
import {
  DocAuthErrors,
  docAuthErrors,
  imageHttpErrors,
  isIdTypeSupported,
  orGeneralError,
  unsupportedIdTypeErrors,
  type ClassificationInfo,
  type ImageMetricsBySide,
  type ProcessedAlert,
} from './doc-auth.js';
import { readTestCredential, type TestCredential } from './test-credential.js';
import { emptyDocumentVerdict } from './verdict.js';
import type {
  DocumentCallOptions,
  DocumentImages,
  DocumentPii,
  DocumentVendor,
  DocumentVerdict,
} from './types.js';

/** The PII the IDP's mock reads off any real photo (identity-idp `MOCK_IDV_APPLICANT`). */
export const MOCK_DOCUMENT_PII: Readonly<DocumentPii> = Object.freeze({
  first_name: 'FAKEY',
  middle_name: null,
  last_name: 'MCFAKERSON',
  address1: '1 FAKE RD',
  address2: null,
  city: 'GREAT FALLS',
  state: 'MT',
  zipcode: '59010',
  dob: '1938-10-06',
  state_id_number: '1111111111111',
  state_id_jurisdiction: 'ND',
  state_id_type: 'drivers_license',
  phone: null,
});

const PII_KEYS = Object.keys(MOCK_DOCUMENT_PII) as (keyof DocumentPii)[];

const DEFAULT_SIDE_METRICS = {
  VerticalResolution: 600,
  HorizontalResolution: 600,
  GlareMetric: 100,
  SharpnessMetric: 100,
};
const DEFAULT_FAILED_ALERTS: readonly ProcessedAlert[] = [{ name: '2D Barcode Read', result: 'Failed' }];

type Data = Record<string, unknown>;

const textOf = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === 'object' ? null : String(value);

/** MM/DD/YYYY (the IDP's legacy form) or an ISO date, as an ISO date. */
const isoDate = (value: string | null): string | null => {
  if (value === null) return null;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (us) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return iso ? iso[1]! : value;
};

const alertsOf = (value: unknown): ProcessedAlert[] | undefined => {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((alert) => ({
    name: textOf(alert.name) ?? '',
    result: textOf(alert.result) ?? '',
    ...(alert.side === 'front' || alert.side === 'back' ? { side: alert.side } : {}),
    ...(typeof alert.region === 'string' ? { region: alert.region } : {}),
  }));
};

const imageMetricsOf = (value: unknown): ImageMetricsBySide => {
  const given = isRecord(value) ? value : {};
  const side = (name: 'front' | 'back') => ({
    ...DEFAULT_SIDE_METRICS,
    ...(isRecord(given[name]) ? (given[name] as Data) : {}),
  });
  return { front: side('front'), back: side('back') };
};

/** `portrait_match_results` (either key style) or the older `liveness_result: Pass|Fail`. */
const portraitOf = (data: Data | undefined): Data | undefined => {
  if (!data) return undefined;
  const results = data.portrait_match_results;
  if (isRecord(results)) {
    return {
      FaceMatchResult: results.FaceMatchResult ?? results.face_match_result,
      FaceErrorMessage: results.FaceErrorMessage ?? results.face_error_message,
      FaceMatchScore: results.FaceMatchScore ?? results.face_match_score,
      LivenessScore: results.LivenessScore ?? results.liveness_score,
    };
  }
  return data.liveness_result === undefined ? undefined : { FaceMatchResult: data.liveness_result };
};

interface SelfieCheck {
  passed: boolean;
  face_match_results: { is_match: boolean; match_score: number | null };
  selfie_liveness_results: Record<string, unknown>;
}

/** No portrait data passes, as the IDP's mock does; "Liveness: NotLive" in the message fails liveness. */
function checkSelfie(portrait: Data | undefined): SelfieCheck {
  const isMatch = (textOf(portrait?.FaceMatchResult) ?? 'Pass') === 'Pass';
  const assessment = /Liveness:\s*(\w+)/.exec(textOf(portrait?.FaceErrorMessage) ?? '')?.[1] ?? 'Live';
  const score = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    passed: isMatch && assessment === 'Live',
    face_match_results: { is_match: isMatch, match_score: score(portrait?.FaceMatchScore) },
    selfie_liveness_results: {
      liveness_assessment: assessment,
      liveness_score: score(portrait?.LivenessScore),
      acuant_error: { message: null, code: null },
    },
  };
}

function piiOf(data: Data): DocumentPii | null {
  const document = data.document;
  if (!isRecord(document)) return null;
  const pii: DocumentPii = { ...MOCK_DOCUMENT_PII };
  for (const key of PII_KEYS) if (Object.hasOwn(document, key)) pii[key] = textOf(document[key]);
  if (!Object.hasOwn(document, 'state_id_type') && Object.hasOwn(document, 'id_doc_type')) {
    pii.state_id_type = textOf(document.id_doc_type);
  }
  pii.dob = isoDate(pii.dob);
  return pii;
}

/** The `http_status: { front|back|result: 438|439|440|500 }` of a credential file. */
const httpStatusOf = (
  credential: TestCredential,
  step: 'front' | 'back' | 'result',
): 438 | 439 | 440 | 500 | undefined => {
  if (credential.kind !== 'credential' || !isRecord(credential.data.http_status)) return undefined;
  const status = credential.data.http_status[step];
  return status === 438 || status === 439 || status === 440 || status === 500 ? status : undefined;
};

const emptyVerdict = (): Omit<DocumentVerdict, 'success' | 'errors'> => ({
  ...emptyDocumentVerdict(),
  transaction_id: randomUUID(),
});

/**
 * The document vendor of non-production environments. It answers as the IDP's own doc-auth mock
 * (identity-idp `DocAuth::Mock`), so the IDP's test credential files keep working when uploaded as
 * images: a YAML or JSON file with a `document` and `failed_alerts`, `doc_auth_result`,
 * `portrait_match_results`, `image_metrics`, `http_status`… decides the verdict; a real photo passes with
 * fixed mock PII. Like the IDP's mock, the back image is read first.
 */
export class MockDocumentVendor implements DocumentVendor {
  readonly name = 'DocumentMock';

  async proof(images: DocumentImages, options: DocumentCallOptions): Promise<DocumentVerdict> {
    if (options.signal.aborted) throw new VendorTimeoutError('document mock timeout');
    const front = readTestCredential(images.front);
    const back = readTestCredential(images.back);

    for (const [step, credential, sides] of [
      ['front', front, ['front']],
      ['back', back, ['back']],
      ['result', back, ['front', 'back']],
    ] as const) {
      const status = httpStatusOf(credential, step);
      if (status === 500) throw new VendorError('document mock answered HTTP 500');
      if (status !== undefined)
        return { ...emptyVerdict(), success: false, errors: imageHttpErrors(status, sides) };
    }

    const file = back.kind !== 'image' ? back : front;
    const data: Data = file.kind === 'credential' ? file.data : {};
    const livenessEnabled = options.livenessCheckingEnabled;
    const selfieFile = images.selfie?.length ? readTestCredential(images.selfie) : undefined;
    const selfie =
      livenessEnabled && selfieFile
        ? checkSelfie(
            portraitOf(selfieFile.kind === 'credential' ? selfieFile.data : undefined) ?? portraitOf(data),
          )
        : null;
    // Liveness asked for but no selfie to check: never a pass.
    const selfieOk = !livenessEnabled || selfie?.passed === true;

    const docAuthResult = textOf(data.doc_auth_result) ?? undefined;
    const failed = alertsOf(data.failed_alerts);
    const passed = alertsOf(data.passed_alerts);
    const imageMetrics = imageMetricsOf(data.image_metrics);
    const classification = isRecord(data.classification_info)
      ? (data.classification_info as ClassificationInfo)
      : undefined;
    const idTypeSupported = isIdTypeSupported(classification);
    const hasFields =
      docAuthResult !== undefined ||
      isRecord(data.image_metrics) ||
      (failed?.length ?? 0) > 0 ||
      (passed?.length ?? 0) > 0 ||
      portraitOf(data)?.FaceMatchResult !== undefined ||
      classification !== undefined;

    let errors: Record<string, string[]> = {};
    if (file.kind === 'invalid') errors = { general: file.general };
    else if (!idTypeSupported) errors = unsupportedIdTypeErrors();
    else if (hasFields && !(docAuthResult === 'Passed' && selfieOk)) {
      errors = docAuthErrors({
        docAuthResult: docAuthResult ?? 'Failed',
        failed: failed ?? DEFAULT_FAILED_ALERTS,
        passed: passed ?? [],
        imageMetrics,
        livenessEnabled,
        selfieFailed: !selfieOk,
      });
    } else if (!selfieOk) errors = { selfie: [DocAuthErrors.SELFIE_FAILURE] };

    const status = textOf(data.transaction_status)?.toLowerCase();
    const attentionWithBarcode =
      failed?.length === 1 && failed[0]!.name === '2D Barcode Read' && failed[0]!.result === 'Attention';
    const success =
      file.kind !== 'invalid' &&
      status !== 'failed' &&
      idTypeSupported &&
      selfieOk &&
      (status === 'passed' ||
        docAuthResult === 'Passed' ||
        Object.keys(errors).length === 0 ||
        attentionWithBarcode);

    return {
      success,
      // A passing verdict carries no errors; a failing one always says why.
      errors: success ? {} : orGeneralError(errors, livenessEnabled),
      billed: true,
      result: docAuthResult ?? (success ? 'Passed' : 'Caution'),
      alert_failure_count: failed?.length ?? 0,
      face_match_results: selfie?.face_match_results ?? null,
      image_metrics: imageMetrics,
      processed_alerts: { failed: failed ?? [], passed: passed ?? [] },
      raw_alerts: [],
      raw_regions: [],
      selfie_liveness_results: selfie?.selfie_liveness_results ?? null,
      pii_from_doc: file.kind === 'image' ? { ...MOCK_DOCUMENT_PII } : piiOf(data),
      transaction_id: randomUUID(),
    };
  }
}
