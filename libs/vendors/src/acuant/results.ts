import {
  STATE_ID_TYPES,
  docAuthErrors,
  isAttentionWithBarcode,
  isIdTypeSupported,
  unsupportedIdTypeErrors,
  type ClassificationInfo,
  type ImageMetrics,
  type ImageMetricsBySide,
  type ProcessedAlert,
} from '../document/doc-auth.js';
import type { DocumentPii } from '../document/types.js';
import { isRecord } from '../shared/json.js';

/** Acuant's result codes (AssureID `AuthenticationResult`); 0 and unknown codes are not billed. */
const RESULT_NAMES = ['Unknown', 'Passed', 'Failed', 'Skipped', 'Caution', 'Attention'] as const;
/** Acuant's issuer types, by code. */
const ISSUER_TYPES = ['Unknown', 'Country', 'StateProvince', 'Tribal', 'Municipality', 'Business', 'Other'];

/** AssureID's answer could not be read as a document result. */
export class UnreadableResultError extends Error {
  constructor() {
    super('unreadable AssureID result');
    this.name = 'UnreadableResultError';
  }
}

/** The part of the verdict that AssureID's `GET Document/<id>` decides. */
export interface DocumentResult {
  /** "Passed", "Failed", "Skipped", "Caution", "Attention" or "Unknown". */
  result: string;
  billed: boolean;
  /** The card passed (or only its barcode was unreadable) and is of a type the IDP accepts. */
  success: boolean;
  errors: Record<string, string[]>;
  processedAlerts: { failed: ProcessedAlert[]; passed: ProcessedAlert[] };
  rawAlerts: unknown[];
  rawRegions: unknown[];
  imageMetrics: ImageMetricsBySide;
  /** Read only from a card that passed. */
  pii: DocumentPii | null;
}

type Json = Record<string, unknown>;

const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const resultName = (code: unknown): string => (typeof code === 'number' && RESULT_NAMES[code]) || 'Unknown';
const sideName = (side: unknown): 'front' | 'back' => (side === 0 || side === 'Front' ? 'front' : 'back');

const METRIC_KEYS = [
  'HorizontalResolution',
  'VerticalResolution',
  'SharpnessMetric',
  'GlareMetric',
  'Light',
  'IsCropped',
  'IsTampered',
  'MimeType',
] as const;

/** Per side, the quality figures of the image taken in white light (no ids, no URIs). */
function imageMetricsOf(images: Json[]): ImageMetricsBySide {
  const metrics: ImageMetricsBySide = {};
  for (const image of images) {
    const side = sideName(image.Side);
    if (metrics[side] && image.Light !== 0) continue;
    const picked: ImageMetrics = {};
    for (const key of METRIC_KEYS) if (Object.hasOwn(image, key)) picked[key] = image[key];
    metrics[side] = picked;
  }
  return metrics;
}

function processAlerts(alerts: Json[], regions: Json[], images: Json[]): DocumentResult['processedAlerts'] {
  const regionsById = new Map(regions.map((region) => [region.Id, region]));
  const imagesById = new Map(images.map((image) => [image.Id, image]));
  const processed: DocumentResult['processedAlerts'] = { failed: [], passed: [] };
  for (const alert of alerts) {
    const entry: ProcessedAlert = {
      name: typeof alert.Key === 'string' ? alert.Key : '',
      result: resultName(alert.Result),
    };
    const refs = Array.isArray(alert.RegionReferences) ? alert.RegionReferences : [];
    const region = refs.length > 0 ? regionsById.get(refs[0]) : undefined;
    if (region) {
      if (typeof region.Key === 'string') entry.region = region.Key;
      const image = imagesById.get(region.ImageReference);
      if (image) entry.side = sideName(image.Side);
    }
    (entry.result === 'Passed' ? processed.passed : processed.failed).push(entry);
  }
  return processed;
}

function classificationOf(body: Json): ClassificationInfo | undefined {
  const details = isRecord(body.Classification) ? body.Classification.ClassificationDetails : undefined;
  if (!isRecord(details)) return undefined;
  const info: ClassificationInfo = {};
  for (const side of ['Front', 'Back'] as const) {
    const detail = details[side];
    if (!isRecord(detail)) continue;
    info[side] = {
      ClassName: detail.ClassName,
      CountryCode: detail.CountryCode,
      IssuerType: typeof detail.IssuerType === 'number' ? ISSUER_TYPES[detail.IssuerType] : detail.IssuerType,
    };
  }
  return info;
}

/** Acuant field names → the IDP's PII keys (identity-idp `DocAuth::Acuant::PiiFromDoc`), by the answer's names. */
const PII_FIELDS: ReadonlyMap<string, keyof DocumentPii> = new Map(
  Object.entries({
    'First Name': 'first_name',
    'Middle Name': 'middle_name',
    Surname: 'last_name',
    'Address Line 1': 'address1',
    'Address Line 2': 'address2',
    'Address City': 'city',
    'Address State': 'state',
    'Address Postal Code': 'zipcode',
    'Birth Date': 'dob',
    'Document Number': 'state_id_number',
    'Issuing State Code': 'state_id_jurisdiction',
    'Document Class Name': 'state_id_type',
  } as const),
);

/** Acuant's dates are "/Date(<ms since 1970>)/"; the IDP wants an ISO date. */
export function acuantDate(value: string | null): string | null {
  const match = value === null ? null : /^\/Date\((-?\d+)\)\/$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]));
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

export function piiOf(fields: Json[]): DocumentPii {
  const pii: DocumentPii = {
    first_name: null,
    middle_name: null,
    last_name: null,
    address1: null,
    address2: null,
    city: null,
    state: null,
    zipcode: null,
    dob: null,
    state_id_number: null,
    state_id_jurisdiction: null,
    state_id_type: null,
    phone: null,
  };
  for (const field of fields) {
    const key = typeof field.Name === 'string' ? PII_FIELDS.get(field.Name) : undefined;
    if (key && typeof field.Value === 'string' && field.Value !== '') pii[key] = field.Value;
  }
  pii.dob = acuantDate(pii.dob);
  pii.state_id_type = (pii.state_id_type && STATE_ID_TYPES.get(pii.state_id_type)) || null;
  return pii;
}

/**
 * Reads AssureID's document result as the IDP does: the result code, the alerts sorted into failed and
 * passed (with the region and side they concern), image quality per side, the PII of a card that passed.
 */
export function readDocumentResult(body: unknown, livenessEnabled: boolean): DocumentResult {
  if (!isRecord(body) || typeof body.Result !== 'number' || !Number.isInteger(body.Result)) {
    throw new UnreadableResultError();
  }
  const result = resultName(body.Result);
  const alerts = records(body.Alerts);
  const regions = records(body.Regions);
  const images = records(body.Images);
  const processedAlerts = processAlerts(alerts, regions, images);
  const imageMetrics = imageMetricsOf(images);
  const idTypeSupported = isIdTypeSupported(classificationOf(body));
  const allAlerts = [...processedAlerts.failed, ...processedAlerts.passed];
  const success = (result === 'Passed' || isAttentionWithBarcode(result, allAlerts)) && idTypeSupported;
  const errors = success
    ? {}
    : !idTypeSupported
      ? unsupportedIdTypeErrors()
      : docAuthErrors({
          docAuthResult: result,
          ...processedAlerts,
          imageMetrics,
          livenessEnabled,
          selfieFailed: false,
        });
  return {
    result,
    billed: result !== 'Unknown',
    success,
    errors,
    processedAlerts,
    rawAlerts: Array.isArray(body.Alerts) ? body.Alerts : [],
    rawRegions: regions,
    imageMetrics,
    pii: success ? piiOf(records(body.Fields)) : null,
  };
}
