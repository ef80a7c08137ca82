import { VendorError, VendorTimeoutError } from '../errors.js';
import { nationalNumber } from '../shared/phone.js';
import type { VendorVerdict } from '../types.js';
import type { AddressApplicant, AddressVendor } from './types.js';

const UNVERIFIABLE_PHONE = '7035555555';
const FAILED_TO_CONTACT_SUFFIX = '999';
const TIMEOUT_SUFFIX = '888';

/**
 * The address vendor of non-production environments. It answers as the IDP's own AddressMock does, so the
 * IDP's test data keeps working: 703-555-5555 fails, a number ending 999 raises, one ending 888 times out.
 */
export class MockAddressVendor implements AddressVendor {
  readonly name = 'AddressMock';

  async proof(applicant: AddressApplicant): Promise<VendorVerdict> {
    const phone = nationalNumber(applicant.phone);
    if (phone.endsWith(FAILED_TO_CONTACT_SUFFIX)) throw new VendorError('Failed to contact proofing vendor');
    if (phone.endsWith(TIMEOUT_SUFFIX)) throw new VendorTimeoutError('address mock timeout');
    const verified = phone !== UNVERIFIABLE_PHONE;
    return {
      success: verified,
      errors: verified ? {} : { phone: ['The phone number could not be verified.'] },
      messages: [],
      transaction_id: 'address-mock-transaction-id-123',
    };
  }
}
