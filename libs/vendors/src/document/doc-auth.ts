/**
 * The IDP's document-authentication semantics, shared by the Acuant client and the mock so that both
 * answer alike: its error keys (which the IDP translates for its user), its reading of alerts, image
 * metrics and document classification. Ported from login.gov identity-idp `DocAuth::ErrorGenerator`,
 * `DocAuth::Errors` and `ClassificationConcern`.
 */

/** An alert as the IDP lists it in `processed_alerts`. */
export interface ProcessedAlert {
  name: string;
  result: string;
  region?: string;
  side?: 'front' | 'back';
}

/** Resolution, sharpness and glare of one side of the card, keyed as Acuant names them (`GlareMetric`, …). */
export type ImageMetrics = Record<string, unknown>;

export type ImageMetricsBySide = Partial<Record<'front' | 'back', ImageMetrics>>;

/** The error keys of identity-idp's `DocAuth::Errors`. */
export const DocAuthErrors = {
  IMAGE_LOAD_FAILURE: 'image_load_failure',
  IMAGE_LOAD_FAILURE_FIELD: 'image_load_failure_field',
  PIXEL_DEPTH_FAILURE: 'pixel_depth_failure',
  PIXEL_DEPTH_FAILURE_FIELD: 'pixel_depth_failure_field',
  IMAGE_SIZE_FAILURE: 'image_size_failure',
  IMAGE_SIZE_FAILURE_FIELD: 'image_size_failure_field',
  BARCODE_CONTENT_CHECK: 'barcode_content_check',
  BARCODE_READ_CHECK: 'barcode_read_check',
  BIRTH_DATE_CHECKS: 'birth_date_checks',
  CONTROL_NUMBER_CHECK: 'control_number_check',
  DOC_CROSSCHECK: 'doc_crosscheck',
  DOC_NUMBER_CHECKS: 'doc_number_checks',
  DOC_TYPE_CHECK: 'doc_type_check',
  CARD_TYPE: 'card_type',
  EXPIRATION_CHECKS: 'expiration_checks',
  FULL_NAME_CHECK: 'full_name_check',
  GENERAL_ERROR_LIVENESS: 'general_error_liveness',
  GENERAL_ERROR_NO_LIVENESS: 'general_error_no_liveness',
  ID_NOT_RECOGNIZED: 'id_not_recognized',
  ID_NOT_VERIFIED: 'id_not_verified',
  ISSUE_DATE_CHECKS: 'issue_date_checks',
  MULTIPLE_BACK_ID_FAILURES: 'multiple_back_id_failures',
  MULTIPLE_FRONT_ID_FAILURES: 'multiple_front_id_failures',
  REF_CONTROL_NUMBER_CHECK: 'ref_control_number_check',
  SELFIE_FAILURE: 'selfie_failure',
  SEX_CHECK: 'sex_check',
  VISIBLE_COLOR_CHECK: 'visible_color_check',
  VISIBLE_PHOTO_CHECK: 'visible_photo_check',
  DPI_LOW_ONE_SIDE: 'dpi_low_one_side',
  DPI_LOW_BOTH_SIDES: 'dpi_low_both_sides',
  SHARP_LOW_ONE_SIDE: 'sharp_low_one_side',
  SHARP_LOW_BOTH_SIDES: 'sharp_low_both_sides',
  GLARE_LOW_ONE_SIDE: 'glare_low_one_side',
  GLARE_LOW_BOTH_SIDES: 'glare_low_both_sides',
} as const;

const E = DocAuthErrors;
type ErrorField = 'id' | 'front' | 'back';

/**
 * Which form field an alert's error belongs to, and its message key (identity-idp `ALERT_MESSAGES`). A Map: it
 * is looked up by the alert names of the vendor's answer, which must never find an inherited member.
 */
const ALERT_MESSAGES: ReadonlyMap<string, { field: ErrorField; key: string }> = new Map(
  Object.entries({
    '1D Control Number Valid': { field: 'back', key: E.REF_CONTROL_NUMBER_CHECK },
    '2D Barcode Content': { field: 'back', key: E.BARCODE_CONTENT_CHECK },
    '2D Barcode Read': { field: 'back', key: E.BARCODE_READ_CHECK },
    'Birth Date Crosscheck': { field: 'id', key: E.BIRTH_DATE_CHECKS },
    'Birth Date Valid': { field: 'id', key: E.BIRTH_DATE_CHECKS },
    'Control Number Crosscheck': { field: 'back', key: E.CONTROL_NUMBER_CHECK },
    'Document Classification': { field: 'id', key: E.ID_NOT_RECOGNIZED },
    'Document Crosscheck Aggregation': { field: 'id', key: E.DOC_CROSSCHECK },
    'Document Expired': { field: 'id', key: E.EXPIRATION_CHECKS },
    'Document Number Crosscheck': { field: 'id', key: E.DOC_NUMBER_CHECKS },
    'Expiration Date Crosscheck': { field: 'id', key: E.EXPIRATION_CHECKS },
    'Expiration Date Valid': { field: 'id', key: E.EXPIRATION_CHECKS },
    'Full Name Crosscheck': { field: 'id', key: E.FULL_NAME_CHECK },
    'Issue Date Crosscheck': { field: 'id', key: E.ISSUE_DATE_CHECKS },
    'Issue Date Valid': { field: 'id', key: E.ISSUE_DATE_CHECKS },
    'Layout Valid': { field: 'id', key: E.ID_NOT_VERIFIED },
    'Near-Infrared Response': { field: 'id', key: E.ID_NOT_VERIFIED },
    'Sex Crosscheck': { field: 'id', key: E.SEX_CHECK },
    'Visible Color Response': { field: 'id', key: E.VISIBLE_COLOR_CHECK },
    'Visible Pattern': { field: 'id', key: E.ID_NOT_VERIFIED },
    'Visible Photo Characteristics': { field: 'front', key: E.VISIBLE_PHOTO_CHECK },
  }),
);

/** The IDP's defaults for image quality (`doc_auth_*_threshold`). */
export const IMAGE_THRESHOLDS = { dpi: 290, sharpness: 40, glare: 40 } as const;

const BARCODE_READ_ALERT = '2D Barcode Read';

/**
 * Acuant's "Attention" that the IDP accepts: every alert passed except the barcode, which could not be
 * read (many genuine cards have a worn barcode).
 */
export function isAttentionWithBarcode(result: string, alerts: readonly ProcessedAlert[]): boolean {
  if (result !== 'Attention') return false;
  return alerts.every(
    (alert) =>
      alert.result === 'Passed' || (alert.result === 'Attention' && alert.name === BARCODE_READ_ALERT),
  );
}

export interface ClassificationSide {
  ClassName?: unknown;
  CountryCode?: unknown;
  IssuerType?: unknown;
}

export type ClassificationInfo = Partial<Record<'Front' | 'Back', ClassificationSide>>;

/** The state ID types the IDP accepts, by Acuant's class name (a Map: the name is read from the card). */
export const STATE_ID_TYPES: ReadonlyMap<string, string> = new Map([
  ['Drivers License', 'drivers_license'],
  ['Identification Card', 'state_id_card'],
  ['Permit', 'drivers_permit'],
]);
const SUPPORTED_COUNTRIES = new Set(['USA']);
const SUPPORTED_ISSUER_TYPES = new Set(['StateProvince', 'Country', 'Unknown']);

const present = (value: unknown): boolean =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/**
 * False only when the classification clearly names an unsupported card (a passport, a foreign card, one
 * not issued by a state or country); an absent or unknown classification is accepted, as the IDP does.
 */
export function isIdTypeSupported(info: ClassificationInfo | null | undefined): boolean {
  if (!info) return true;
  return (['Front', 'Back'] as const).every((side) => {
    const { ClassName, CountryCode, IssuerType } = info[side] ?? {};
    const classOk =
      !present(ClassName) ||
      ClassName === 'Unknown' ||
      (typeof ClassName === 'string' && STATE_ID_TYPES.has(ClassName));
    const countryOk =
      !present(CountryCode) || (typeof CountryCode === 'string' && SUPPORTED_COUNTRIES.has(CountryCode));
    const issuerOk =
      !present(IssuerType) || (typeof IssuerType === 'string' && SUPPORTED_ISSUER_TYPES.has(IssuerType));
    return classOk && countryOk && issuerOk;
  });
}

/** The errors for a card type the IDP does not accept. */
export const unsupportedIdTypeErrors = (): Record<string, string[]> => ({
  general: [E.DOC_TYPE_CHECK],
  front: [E.CARD_TYPE],
  back: [E.CARD_TYPE],
});

const generalError = (livenessEnabled: boolean): string =>
  livenessEnabled ? E.GENERAL_ERROR_LIVENESS : E.GENERAL_ERROR_NO_LIVENESS;

/** The errors of an HTTP 438/439/440 (Acuant could not load, or did not like, an uploaded image). */
export function imageHttpErrors(
  status: 438 | 439 | 440,
  sides: readonly ('front' | 'back')[],
): Record<string, string[]> {
  const [general, field] =
    status === 438
      ? [E.IMAGE_LOAD_FAILURE, E.IMAGE_LOAD_FAILURE_FIELD]
      : status === 439
        ? [E.PIXEL_DEPTH_FAILURE, E.PIXEL_DEPTH_FAILURE_FIELD]
        : [E.IMAGE_SIZE_FAILURE, E.IMAGE_SIZE_FAILURE_FIELD];
  return { general: [general], ...Object.fromEntries(sides.map((side) => [side, [field]])) };
}

const asNumber = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** Too low a resolution, too blurry, too much glare: one general error, the first that applies. */
export function imageMetricErrors(metrics: ImageMetricsBySide): Record<string, string[]> {
  const fails = { dpi: new Set<string>(), sharpness: new Set<string>(), glare: new Set<string>() };
  for (const side of ['front', 'back'] as const) {
    const m = metrics[side];
    if (!m) continue;
    const hdpi = asNumber(m.HorizontalResolution) ?? 0;
    const vdpi = asNumber(m.VerticalResolution) ?? 0;
    if (hdpi < IMAGE_THRESHOLDS.dpi || vdpi < IMAGE_THRESHOLDS.dpi) fails.dpi.add(side);
    const sharpness = asNumber(m.SharpnessMetric);
    if (sharpness !== undefined && sharpness < IMAGE_THRESHOLDS.sharpness) fails.sharpness.add(side);
    const glare = asNumber(m.GlareMetric);
    if (glare !== undefined && glare < IMAGE_THRESHOLDS.glare) fails.glare.add(side);
  }
  const pick = (failed: Set<string>, both: string, one: string) =>
    failed.size === 2 ? both : failed.size === 1 ? one : undefined;
  const key =
    pick(fails.dpi, E.DPI_LOW_BOTH_SIDES, E.DPI_LOW_ONE_SIDE) ??
    pick(fails.sharpness, E.SHARP_LOW_BOTH_SIDES, E.SHARP_LOW_ONE_SIDE) ??
    pick(fails.glare, E.GLARE_LOW_BOTH_SIDES, E.GLARE_LOW_ONE_SIDE);
  return key ? { general: [key] } : {};
}

export interface DocAuthOutcome {
  /** The vendor's overall result name ("Passed", "Failed", "Attention", …). */
  docAuthResult: string;
  failed: readonly ProcessedAlert[];
  passed: readonly ProcessedAlert[];
  imageMetrics: ImageMetricsBySide;
  /** Whether a selfie was checked (changes the wording of the general error). */
  livenessEnabled: boolean;
  /** Whether the selfie failed face match or liveness. */
  selfieFailed: boolean;
}

/**
 * The user-facing error keys of a failed document check, as identity-idp's ErrorGenerator derives them:
 * image quality first, then one message per failed alert (unknown alerts ignored), collapsed to one
 * general message when several fields failed.
 */
export function docAuthErrors(outcome: DocAuthOutcome): Record<string, string[]> {
  const all = [...outcome.failed, ...outcome.passed];
  const unknownFailures = all.filter(
    (alert) => !ALERT_MESSAGES.has(alert.name) && alert.result !== 'Passed',
  ).length;
  let count = outcome.failed.length - unknownFailures;

  const metricErrors = imageMetricErrors(outcome.imageMetrics);
  if (Object.keys(metricErrors).length > 0) return metricErrors;

  const errors = new Map<string, Set<string>>();
  const add = (field: string, key: string) => errors.set(field, (errors.get(field) ?? new Set()).add(key));
  if (outcome.docAuthResult !== 'Passed') {
    for (const alert of outcome.failed) {
      const message = ALERT_MESSAGES.get(alert.name);
      if (message) add(message.field, message.key);
    }
  }
  if (outcome.selfieFailed) {
    add('selfie', E.SELFIE_FAILURE);
    count += 1;
  }

  if (count < 1) return { general: [generalError(outcome.livenessEnabled)] };
  if (count > 1) {
    const fields = [...errors.keys()];
    if (fields.length > 1) {
      return { general: [generalError(fields.includes('selfie') && outcome.livenessEnabled)] };
    }
    const only = fields[0];
    if (only === 'id') errors.set('id', new Set([generalError(false)]));
    if (only === 'front') errors.set('front', new Set([E.MULTIPLE_FRONT_ID_FAILURES]));
    if (only === 'back') errors.set('back', new Set([E.MULTIPLE_BACK_ID_FAILURES]));
  }
  return Object.fromEntries([...errors].map(([field, keys]) => [field, [...keys]]));
}

/** A failed verdict must say why: the general message when nothing more specific applies. */
export const orGeneralError = (
  errors: Record<string, string[]>,
  livenessEnabled: boolean,
): Record<string, string[]> =>
  Object.keys(errors).length > 0 ? errors : { general: [generalError(livenessEnabled)] };
