import type { VendorCallOptions, VendorVerdict } from '../types.js';

export interface ResolutionApplicant {
  uuid: string;
  first_name: string;
  middle_name?: string | null;
  last_name: string;
  /** ISO date, e.g. 1938-10-06. */
  dob: string;
  ssn: string;
  address1: string;
  address2?: string | null;
  city: string;
  state: string;
  zipcode: string;
  /**
   * Match on the year of birth only. The resolution job sets it only when the state ID check matched the full
   * date of birth in the issuing state's records (its verdict lists `dob` in `verified`), never on the IDP's word.
   */
  dob_year_only?: boolean;
}

/** Resolves the applicant's identity from name, DOB, SSN and address (LexisNexis InstantVerify). */
export interface ResolutionVendor {
  /** The name the IDP sees in `context.stages[].resolution`. */
  readonly name: string;
  proof(applicant: ResolutionApplicant, options: VendorCallOptions): Promise<VendorVerdict>;
}
