import type { VendorCallOptions } from '../types.js';

/** Decrypted image bytes. They live in memory only: never on disk, never in a log line. */
export interface DocumentImages {
  front: Buffer;
  back: Buffer;
  /** Present when liveness checking is enabled. */
  selfie?: Buffer;
}

// A type alias, not an interface, so that it fits the contract's open object types.
export type DocumentPii = {
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zipcode: string | null;
  dob: string | null;
  state_id_number: string | null;
  state_id_jurisdiction: string | null;
  state_id_type: string | null;
  phone: string | null;
};

/** The vendor's verdict on an ID card (and selfie): the fields of the IDP's `document_result`. */
export interface DocumentVerdict {
  success: boolean;
  errors: Record<string, string[]>;
  /** Whether the vendor charged for this check; the IDP counts billable attempts. */
  billed: boolean;
  /** The vendor's overall result, e.g. "Passed", "Failed", "Attention", "Caution", "Unknown". */
  result: string | null;
  alert_failure_count: number;
  face_match_results: { is_match: boolean; match_score: number | null } | null;
  image_metrics: Record<string, unknown>;
  processed_alerts: { failed: unknown[]; passed: unknown[] };
  raw_alerts: unknown[];
  raw_regions: unknown[];
  selfie_liveness_results: Record<string, unknown> | null;
  pii_from_doc: DocumentPii | null;
  transaction_id: string | null;
}

export interface DocumentCallOptions extends VendorCallOptions {
  livenessCheckingEnabled: boolean;
}

/** Authenticates an ID card from its images, with face match and liveness on the selfie (Acuant AssureID). */
export interface DocumentVendor {
  readonly name: string;
  proof(images: DocumentImages, options: DocumentCallOptions): Promise<DocumentVerdict>;
}
