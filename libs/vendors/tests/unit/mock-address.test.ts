import { describe, expect, it } from 'vitest';
import { MockAddressVendor, VendorError, VendorTimeoutError, type AddressVendor } from '../../src/index.js';

const applicant = (phone: string) => ({
  uuid: 'u-1',
  first_name: 'Fakey',
  last_name: 'McFakerson',
  dob: '1938-10-06',
  ssn: '900-12-3456',
  phone,
});
const options = { signal: new AbortController().signal };
const vendor: AddressVendor = new MockAddressVendor();

describe('MockAddressVendor', () => {
  it('verifies an ordinary phone number', async () => {
    await expect(vendor.proof(applicant('+1 202-555-1212'), options)).resolves.toEqual({
      success: true,
      errors: {},
      messages: [],
      transaction_id: 'address-mock-transaction-id-123',
    });
  });

  it.each(['7035555555', '+1 (703) 555-5555', '1-703-555-5555'])(
    'fails the unverifiable number %s',
    async (phone) => {
      const verdict = await vendor.proof(applicant(phone), options);
      expect(verdict.success).toBe(false);
      expect(verdict.errors).toEqual({ phone: ['The phone number could not be verified.'] });
    },
  );

  it('raises for a number ending 999 and times out for one ending 888', async () => {
    await expect(vendor.proof(applicant('7035555999'), options)).rejects.toThrow(VendorError);
    await expect(vendor.proof(applicant('7035555888'), options)).rejects.toThrow(VendorTimeoutError);
  });
});
