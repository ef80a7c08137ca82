import { describe, expect, it } from 'vitest';
import {
  MockResolutionVendor,
  VendorError,
  VendorTimeoutError,
  type ResolutionApplicant,
  type ResolutionVendor,
} from '../../../src/index.js';

const applicant = (overrides: Partial<ResolutionApplicant> = {}): ResolutionApplicant => ({
  uuid: 'u-1',
  first_name: 'Fakey',
  last_name: 'McFakerson',
  dob: '1938-10-06',
  ssn: '900-12-3456',
  address1: '1 Fake Rd',
  city: 'Great Falls',
  state: 'MT',
  zipcode: '59010',
  ...overrides,
});
const options = { signal: new AbortController().signal };
const vendor: ResolutionVendor = new MockResolutionVendor();

describe('MockResolutionVendor', () => {
  it('is named as the IDP names its mock and passes ordinary data with its transaction id', async () => {
    expect(vendor.name).toBe('ResolutionMock');
    await expect(vendor.proof(applicant(), options)).resolves.toEqual({
      success: true,
      errors: {},
      messages: [],
      transaction_id: 'resolution-mock-transaction-id-123',
    });
  });

  it.each(['Fail', 'failing', 'UNFAILED'])('raises for the first name %s', async (firstName) => {
    const error = await vendor.proof(applicant({ first_name: firstName }), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).not.toBeInstanceOf(VendorTimeoutError);
    expect((error as Error).message).toBe('Failed to contact proofing vendor');
  });

  it('raises for SSN 000-00-0000', async () => {
    await expect(vendor.proof(applicant({ ssn: '000-00-0000' }), options)).rejects.toThrow(
      new VendorError('Failed to contact proofing vendor'),
    );
  });

  it.each(['Bad', 'badly'])('fails the first name %s', async (firstName) => {
    await expect(vendor.proof(applicant({ first_name: firstName }), options)).resolves.toEqual({
      success: false,
      errors: { first_name: ['Unverified first name.'] },
      messages: [],
      transaction_id: 'resolution-mock-transaction-id-123',
    });
  });

  it.each(['Time', 'timeout'])('times out for the first name %s', async (firstName) => {
    await expect(vendor.proof(applicant({ first_name: firstName }), options)).rejects.toThrow(
      VendorTimeoutError,
    );
  });

  it.each(['123-45-6666', '666-66-6666', '900166661'])('fails the SSN %s', async (ssn) => {
    const verdict = await vendor.proof(applicant({ ssn }), options);
    expect(verdict).toMatchObject({ success: false, errors: { ssn: ['Unverified SSN.'] } });
  });

  it('passes an SSN whose 6666 is split by a dash, as the IDP matches the text', async () => {
    await expect(vendor.proof(applicant({ ssn: '900-66-6612' }), options)).resolves.toMatchObject({
      success: true,
    });
  });

  it('fails ZIP code 00000, but not a ZIP+4 starting with it', async () => {
    const verdict = await vendor.proof(applicant({ zipcode: '00000' }), options);
    expect(verdict).toMatchObject({ success: false, errors: { zipcode: ['Unverified ZIP code.'] } });
    await expect(vendor.proof(applicant({ zipcode: '00000-1234' }), options)).resolves.toMatchObject({
      success: true,
    });
  });

  it('checks in the IDP order: a bad name wins over a bad SSN, a bad SSN over a bad ZIP code', async () => {
    const both = await vendor.proof(
      applicant({ first_name: 'Bad', ssn: '123-45-6666', zipcode: '00000' }),
      options,
    );
    expect(both.errors).toEqual({ first_name: ['Unverified first name.'] });
    const ssnAndZip = await vendor.proof(applicant({ ssn: '123-45-6666', zipcode: '00000' }), options);
    expect(ssnAndZip.errors).toEqual({ ssn: ['Unverified SSN.'] });
  });
});
