import { VendorTimeoutError } from '../errors.js';
import type { StateIdApplicant, StateIdVendor, StateIdVerdict } from './types.js';
import { unsupportedJurisdictionVerdict } from './verdict.js';

/** The jurisdictions the IDP's StateIdMock accepts (those AAMVA DLDV served when the mock was written). */
// prettier-ignore
export const MOCK_SUPPORTED_JURISDICTIONS: readonly string[] = [
  'AR', 'AZ', 'CO', 'CT', 'DC', 'DE', 'FL', 'GA', 'IA', 'ID', 'IL', 'IN', 'KY', 'MA', 'MD', 'ME', 'MI', 'MO',
  'MS', 'MT', 'ND', 'NE', 'NJ', 'NM', 'PA', 'RI', 'SC', 'SD', 'TX', 'VA', 'VT', 'WA', 'WI', 'WY',
];

const SUPPORTED_STATE_ID_TYPES = new Set(['drivers_license', 'drivers_permit', 'state_id_card']);
/** What a passing mock check stands for: the attributes AAMVA requires to match. */
const MOCK_VERIFIED = ['state_id_number', 'state_id_type', 'dob', 'last_name', 'first_name'];
const TRIGGER_MVA_TIMEOUT = 'mvatimeout';

/**
 * The state ID vendor of non-production environments, answering as the IDP's StateIdMock does: an all-zero
 * number (`00000000`) fails on `state_id_number`, an unknown ID type on `state_id_type`, and the number
 * `mvatimeout` times out as AAMVA does when a state's records do not answer. A jurisdiction outside the
 * supported list passes unchecked with nothing verified, as AAMVA does (the IDP's mock fails it instead), so
 * that tests go down the path production takes.
 */
export class MockStateIdVendor implements StateIdVendor {
  readonly name = 'StateIdMock';
  private readonly supported: ReadonlySet<string>;

  constructor(supportedJurisdictions: readonly string[] = MOCK_SUPPORTED_JURISDICTIONS) {
    this.supported = new Set(supportedJurisdictions);
  }

  async proof(applicant: StateIdApplicant): Promise<StateIdVerdict> {
    const { state_id_number: number, state_id_type: type, state_id_jurisdiction: jurisdiction } = applicant;
    if (number.toLowerCase() === TRIGGER_MVA_TIMEOUT) {
      throw new VendorTimeoutError(
        'ExceptionId: 0047, ExceptionText: MVA did not respond in a timely fashion',
      );
    }
    if (!this.supported.has(jurisdiction)) return unsupportedJurisdictionVerdict();
    let errors: Record<string, string[]> = {};
    if (/^0*$/.test(number)) {
      errors = { state_id_number: ['The state ID number could not be verified'] };
    } else if (!SUPPORTED_STATE_ID_TYPES.has(type)) {
      errors = { state_id_type: ['The state ID type could not be verified'] };
    }
    const success = Object.keys(errors).length === 0;
    return {
      success,
      errors,
      messages: [],
      transaction_id: 'state-id-mock-transaction-id-456',
      verified: success ? MOCK_VERIFIED : [],
    };
  }
}
