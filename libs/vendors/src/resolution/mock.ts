import { VendorError, VendorTimeoutError } from '../errors.js';
import type { VendorVerdict } from '../types.js';
import type { ResolutionApplicant, ResolutionVendor } from './types.js';

const NO_CONTACT_SSN = '000-00-0000';
const UNVERIFIABLE_SSN_PART = '6666';
const UNVERIFIABLE_ZIP_CODE = '00000';

/**
 * The resolution vendor of non-production environments. It answers as the IDP's own ResolutionMock does, so
 * the IDP's test data keeps working: a first name matching /Fail/i or SSN 000-00-0000 raises, /Bad/i fails on
 * the first name, /Time/i times out, an SSN containing 6666 fails on the SSN and ZIP 00000 on the ZIP code.
 * The checks run in the IDP's order, so "Bad" wins over a bad SSN and a bad SSN over a bad ZIP code.
 */
export class MockResolutionVendor implements ResolutionVendor {
  readonly name = 'ResolutionMock';

  async proof(applicant: ResolutionApplicant): Promise<VendorVerdict> {
    const { first_name: firstName, ssn, zipcode } = applicant;
    if (/Fail/i.test(firstName) || ssn === NO_CONTACT_SSN) {
      throw new VendorError('Failed to contact proofing vendor');
    }
    let errors: Record<string, string[]> = {};
    if (/Bad/i.test(firstName)) errors = { first_name: ['Unverified first name.'] };
    else if (/Time/i.test(firstName)) throw new VendorTimeoutError('resolution mock timeout');
    else if (ssn.includes(UNVERIFIABLE_SSN_PART)) errors = { ssn: ['Unverified SSN.'] };
    else if (zipcode === UNVERIFIABLE_ZIP_CODE) errors = { zipcode: ['Unverified ZIP code.'] };
    return {
      success: Object.keys(errors).length === 0,
      errors,
      messages: [],
      transaction_id: 'resolution-mock-transaction-id-123',
    };
  }
}
