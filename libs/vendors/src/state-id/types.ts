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

/**
 * A state ID verdict and its evidence: `verified` names the attributes the issuing state's records matched
 * (`state_id_number`, `dob`, `last_name`, …). It is empty when nothing was checked, e.g. a jurisdiction AAMVA
 * does not serve, which passes unchecked: a later step may rely only on what is listed here.
 */
export interface StateIdVerdict extends VendorVerdict {
  verified: readonly string[];
}

/** Verifies a state-issued ID against the issuing state's records (AAMVA DLDV). */
export interface StateIdVendor {
  /** The name the IDP sees in `context.stages[].state_id`. */
  readonly name: string;
  proof(applicant: StateIdApplicant, options: VendorCallOptions): Promise<StateIdVerdict>;
}
