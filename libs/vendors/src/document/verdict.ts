import type { DocumentVerdict } from './types.js';

/**
 * A document verdict that says nothing yet: not billed, no alerts, metrics, regions, face match or PII. The
 * starting point of every verdict built without a complete result (a refused image, a failed transaction).
 */
export const emptyDocumentVerdict = (): Omit<DocumentVerdict, 'success' | 'errors' | 'transaction_id'> => ({
  billed: false,
  result: null,
  alert_failure_count: 0,
  face_match_results: null,
  image_metrics: {},
  processed_alerts: { failed: [], passed: [] },
  raw_alerts: [],
  raw_regions: [],
  selfie_liveness_results: null,
  pii_from_doc: null,
});
