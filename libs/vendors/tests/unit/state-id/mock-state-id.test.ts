import { describe, expect, it } from 'vitest';
import {
  MOCK_SUPPORTED_JURISDICTIONS,
  MockStateIdVendor,
  VendorTimeoutError,
  type StateIdApplicant,
  type StateIdVendor,
} from '../../../src/index.js';
import { unsupportedJurisdictionVerdict } from '../../../src/state-id/verdict.js';

const applicant = (overrides: Partial<StateIdApplicant> = {}): StateIdApplicant => ({
  uuid: 'u-1',
  first_name: 'Fakey',
  last_name: 'McFakerson',
  dob: '1938-10-06',
  address1: '1 Fake Rd',
  city: 'Great Falls',
  state: 'MT',
  zipcode: '59010',
  state_id_number: '123456789',
  state_id_type: 'drivers_license',
  state_id_jurisdiction: 'MD',
  ...overrides,
});
const options = { signal: new AbortController().signal };
const vendor: StateIdVendor = new MockStateIdVendor();
const TRANSACTION_ID = 'state-id-mock-transaction-id-456';

describe('MockStateIdVendor', () => {
  it('is named as the IDP names its mock and verifies a supported ID', async () => {
    expect(vendor.name).toBe('StateIdMock');
    await expect(vendor.proof(applicant(), options)).resolves.toEqual({
      success: true,
      errors: {},
      messages: [],
      transaction_id: TRANSACTION_ID,
      verified: ['state_id_number', 'state_id_type', 'dob', 'last_name', 'first_name'],
    });
  });

  it.each(['drivers_license', 'drivers_permit', 'state_id_card'])('accepts the ID type %s', async (type) => {
    await expect(vendor.proof(applicant({ state_id_type: type }), options)).resolves.toMatchObject({
      success: true,
    });
  });

  it.each(['00000000', '0', ''])('fails the all-zero state ID number %j', async (number) => {
    await expect(vendor.proof(applicant({ state_id_number: number }), options)).resolves.toEqual({
      success: false,
      errors: { state_id_number: ['The state ID number could not be verified'] },
      messages: [],
      transaction_id: TRANSACTION_ID,
      verified: [],
    });
  });

  it.each(['CA', 'NY', 'md'])(
    'passes the unsupported jurisdiction %s unchecked, as AAMVA does, with nothing verified',
    async (jurisdiction) => {
      const verdict = await vendor.proof(applicant({ state_id_jurisdiction: jurisdiction }), options);
      // The very verdict AamvaStateIdVendor gives (its integration test spells it out): a pass, nothing verified.
      expect(verdict).toEqual(unsupportedJurisdictionVerdict());
      expect(verdict).toMatchObject({ success: true, verified: [] });
    },
  );

  it('fails an unknown ID type', async () => {
    const verdict = await vendor.proof(applicant({ state_id_type: 'passport' }), options);
    expect(verdict.errors).toEqual({ state_id_type: ['The state ID type could not be verified'] });
    expect(verdict.verified).toEqual([]);
  });

  it('times out for the number mvatimeout, as AAMVA does when the state does not answer', async () => {
    await expect(vendor.proof(applicant({ state_id_number: 'MVATimeout' }), options)).rejects.toThrow(
      new VendorTimeoutError('ExceptionId: 0047, ExceptionText: MVA did not respond in a timely fashion'),
    );
  });

  it('checks the jurisdiction first, then the number, then the type', async () => {
    const all = await vendor.proof(
      applicant({ state_id_jurisdiction: 'CA', state_id_number: '00000000', state_id_type: 'passport' }),
      options,
    );
    expect(all).toMatchObject({ success: true, errors: {}, verified: [] });
    const numberAndType = await vendor.proof(
      applicant({ state_id_number: '0000', state_id_type: 'x' }),
      options,
    );
    expect(Object.keys(numberAndType.errors)).toEqual(['state_id_number']);
  });

  it('serves the IDP mock list of jurisdictions by default and accepts another', async () => {
    expect(MOCK_SUPPORTED_JURISDICTIONS).toHaveLength(34);
    const onlyCalifornia: StateIdVendor = new MockStateIdVendor(['CA']);
    await expect(
      onlyCalifornia.proof(applicant({ state_id_jurisdiction: 'CA' }), options),
    ).resolves.toMatchObject({
      success: true,
    });
    await expect(onlyCalifornia.proof(applicant(), options)).resolves.toMatchObject({
      success: true,
      verified: [],
    });
  });
});
