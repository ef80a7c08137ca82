import type { VendorCallOptions, VendorVerdict } from '../types.js';

export interface AddressApplicant {
  uuid: string;
  /** Prefixed to the uuid in the vendor's reference (`<prefix>:<uuid>`), as the IDP does. */
  uuid_prefix?: string | null;
  first_name: string;
  last_name: string;
  dob: string;
  ssn: string;
  phone: string;
}

/** Verifies that a phone number belongs to the applicant (LexisNexis PhoneFinder in production). */
export interface AddressVendor {
  /** The name the IDP sees in `context.stages[].address`. */
  readonly name: string;
  proof(applicant: AddressApplicant, options: VendorCallOptions): Promise<VendorVerdict>;
}
