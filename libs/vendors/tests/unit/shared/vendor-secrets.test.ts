import { describe, expect, it } from 'vitest';
import {
  VENDOR_SECRET_KINDS,
  VendorConfigError,
  checkVendorSecret,
  type VendorSecretKind,
} from '../../../src/index.js';
import { testIdentity } from '../../support/certificate.js';

const PASSWORD = 'pw-that-must-never-appear-0123';
const identity = testIdentity('vendor secret check');
const other = testIdentity('someone else');

// The README's examples, with values a job accepts.
const valid: Record<VendorSecretKind, Record<string, unknown>> = {
  lexisnexis: {
    base_url: 'https://rdp.example.com',
    account_id: '1234',
    username: 'proofing',
    password: PASSWORD,
    request_mode: 'testing',
    phone_finder_workflow: 'customers.gsa.phonefinder.workflow',
    instant_verify_workflow: 'customers.gsa.instant.verify.workflow',
    request_timeout_ms: 10000,
  },
  aamva: {
    auth_url: 'https://authentication-cert.aamva.org/Authentication/Authenticate.svc',
    verification_url: 'https://verificationservices-cert.aamva.org:18449/dldv/2.1/online',
    public_key: Buffer.from(identity.certificatePem).toString('base64'),
    private_key: identity.privateKeyPem,
    cert_enabled: false,
    auth_request_timeout_ms: 5000,
    verification_request_timeout_ms: 10000,
    supported_jurisdictions: ['DC', 'MD', 'VA'],
  },
  acuant: {
    assure_id_url: 'https://services.assureid.net',
    facial_match_url: 'https://frm.acuant.net',
    passlive_url: 'https://us.passlive.acuant.net',
    assure_id_username: 'proofing',
    assure_id_password: PASSWORD,
    assure_id_subscription_id: '0a1b2c3d-0000-4000-8000-000000000000',
    request_timeout_ms: 15000,
  },
};

const check = (vendor: VendorSecretKind, value: unknown) => () =>
  checkVendorSecret(vendor, typeof value === 'string' ? value : JSON.stringify(value));

/** The VendorConfigError a check throws, so its message can be inspected. */
function failure(vendor: VendorSecretKind, value: unknown): VendorConfigError {
  try {
    check(vendor, value)();
  } catch (error) {
    expect(error).toBeInstanceOf(VendorConfigError);
    return error as VendorConfigError;
  }
  throw new Error('the check passed');
}

describe('checkVendorSecret', () => {
  it('names every vendor that has a JSON secret', () => {
    expect([...VENDOR_SECRET_KINDS].sort()).toEqual(['aamva', 'acuant', 'lexisnexis']);
  });

  it.each(VENDOR_SECRET_KINDS)('accepts a complete %s secret', (vendor) => {
    expect(check(vendor, valid[vendor])).not.toThrow();
  });

  it('rejects an unknown field by name, as the job would', () => {
    const error = failure('lexisnexis', { ...valid.lexisnexis, pasword: PASSWORD });
    expect(error.message).toBe('LexisNexis configuration has unknown field pasword');
  });

  it("rejects another vendor's secret", () => {
    expect(failure('acuant', valid.lexisnexis).message).toMatch(/^Acuant configuration: \w+ is required$/);
  });

  it('rejects a missing field, a wrong type and a plain-http URL, naming the field and never the value', () => {
    const { assure_id_password: _, ...withoutPassword } = valid.acuant;
    const cases: [VendorSecretKind, unknown, string][] = [
      ['acuant', withoutPassword, 'Acuant configuration: assure_id_password is required'],
      [
        'lexisnexis',
        { ...valid.lexisnexis, request_timeout_ms: '10000' },
        'LexisNexis configuration: request_timeout_ms must be an integer',
      ],
      [
        'acuant',
        { ...valid.acuant, assure_id_url: `http://${PASSWORD}.example.com` },
        'Acuant configuration: assure_id_url must be an https URL',
      ],
    ];
    for (const [vendor, value, message] of cases) {
      const error = failure(vendor, value);
      expect(error.message).toBe(message);
      expect(error.message).not.toContain(PASSWORD);
    }
  });

  it('rejects an AAMVA private key that does not belong to the registered certificate', () => {
    const error = failure('aamva', { ...valid.aamva, private_key: other.privateKeyPem });
    expect(error.message).toBe('AAMVA configuration: private_key does not belong to public_key');
  });

  it('rejects text that is not a JSON object without quoting it', () => {
    expect(failure('aamva', `{"private_key": "${PASSWORD}"`).message).toBe(
      'AAMVA configuration is not valid JSON',
    );
    expect(failure('aamva', [PASSWORD]).message).toBe('AAMVA configuration must be a JSON object');
  });
});
