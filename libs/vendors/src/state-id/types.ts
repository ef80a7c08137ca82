import type { VendorCallOptions, VendorVerdict } from '../types.js';

export interface StateIdApplicant {
  uuid: string;
  first_name: string;
  last_name: string;
  dob: string;
  address1: string;
  address2?: string | null;
  city: string;
  state: string;
  zipcode: string;
  state_id_number: string;
  /** drivers_license, drivers_permit or state_id_card. */
  state_id_type: string;
  /** Two-letter code of the issuing state. */
  state_id_jurisdiction: string;
}

/** Verifies a state-issued ID against the issuing state's records (AAMVA DLDV). */
export interface StateIdVendor {
  /** The name the IDP sees in `context.stages[].state_id`. */
  readonly name: string;
  proof(applicant: StateIdApplicant, options: VendorCallOptions): Promise<VendorVerdict>;
}
