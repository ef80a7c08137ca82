import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  LexisNexisInstantVerify,
  LexisNexisPhoneFinder,
  VendorConfigError,
  VendorError,
  VendorTimeoutError,
  createAddressVendor,
  createResolutionVendor,
  type AddressApplicant,
  type ResolutionApplicant,
} from '../../../src/index.js';
import { LocalSecrets } from '../../support/secrets.js';
import { VendorSimulator, errorText, type RecordedVendorRequest } from '../../support/vendor-simulator.js';

const simulator = new VendorSimulator();
const secrets = new LocalSecrets();
let baseUrl: string;

const PII = {
  first_name: 'Zebulon',
  last_name: 'Quackenbush',
  dob: '1938-10-06',
  ssn: '900-12-3456',
  phone: '+1 (202) 555-0173',
};
const PII_VALUES = [
  'Zebulon',
  'Quackenbush',
  '900-12-3456',
  '900123456',
  '2025550173',
  '1938',
  '742 Evergreen',
];

const addressApplicant: AddressApplicant = { uuid: 'u-123', uuid_prefix: 'SP', ...PII };
const resolutionApplicant: ResolutionApplicant = {
  uuid: 'u-456',
  first_name: PII.first_name,
  last_name: PII.last_name,
  dob: PII.dob,
  ssn: PII.ssn,
  address1: '742 Evergreen Terrace',
  city: 'Springfield',
  state: 'VA',
  zipcode: '22150-1234',
};

const config = (overrides: Record<string, unknown> = {}) => ({
  base_url: baseUrl,
  account_id: 'acct-1234',
  username: 'rdp-user',
  password: 'rdp-pass:word',
  request_mode: 'testing',
  phone_finder_workflow: 'customers.gsa.phonefinder.workflow',
  instant_verify_workflow: 'customers.gsa.instant.verify.workflow',
  request_timeout_ms: 5000,
  ...overrides,
});

const signal = () => AbortSignal.timeout(5000);
const json = (value: unknown) => ({ status: 200, body: JSON.stringify(value) });

/** The answers shaped as the IDP's fixtures; the vendor reflects the applicant back, as RDP does. */
const passed = (conversationId: string, products: unknown[] = []) =>
  json({
    Status: { ConversationId: conversationId, RequestId: '1', TransactionStatus: 'passed', Reference: 'r' },
    Products: products,
    ParameterDetails: [{ Name: 'FirstName', Value: PII.first_name }],
  });

async function phoneFinder(overrides: Record<string, unknown> = {}) {
  return new LexisNexisPhoneFinder({
    secretName: await secrets.create(config(overrides), 'lexisnexis'),
    secrets: { secretsClient: secrets.client },
  });
}

async function instantVerify(overrides: Record<string, unknown> = {}) {
  return new LexisNexisInstantVerify({
    secretName: await secrets.create(config(overrides), 'lexisnexis'),
    secrets: { secretsClient: secrets.client },
  });
}

const basicCredentials = (request: RecordedVendorRequest): string =>
  Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');

beforeAll(async () => {
  baseUrl = await simulator.start();
  await secrets.start();
});
afterAll(async () => {
  await simulator.stop();
  await secrets.stop();
});
beforeEach(() => simulator.reset());

describe('LexisNexisPhoneFinder against a local RDP', () => {
  it('posts the applicant in RDP format to the PhoneFinder workflow with basic auth, and passes', async () => {
    simulator.behaviour = () =>
      passed('31000000000001', [{ ProductType: 'PhoneFinder', ProductStatus: 'pass' }]);
    const vendor = await phoneFinder();

    const verdict = await vendor.proof(addressApplicant, { signal: signal() });

    expect(vendor.name).toBe('lexisnexis:phone_finder');
    expect(verdict).toEqual({ success: true, errors: {}, messages: [], transaction_id: '31000000000001' });
    const [request] = simulator.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(
      '/restws/identity/v2/acct-1234/customers.gsa.phonefinder.workflow/conversation',
    );
    expect(basicCredentials(request!)).toBe('rdp-user:rdp-pass:word');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      Settings: {
        AccountNumber: 'acct-1234',
        Mode: 'testing',
        Reference: 'SP:u-123',
        Locale: 'en_US',
        Venue: 'online',
      },
      Person: {
        Name: { FirstName: 'Zebulon', LastName: 'Quackenbush' },
        SSN: { Number: '900123456', Type: 'ssn9' },
        DateOfBirth: { Year: '1938', Month: '10', Day: '6' },
        Phones: [{ Number: '2025550173' }],
      },
    });
  });

  it('fails on the phone with the reason code and the transaction id, and nothing reflected', async () => {
    simulator.behaviour = () =>
      json({
        Status: { ConversationId: '31000000000002', TransactionStatus: 'failed', Reference: 'r' },
        Products: [
          {
            ProductType: 'PhoneFinder',
            ExecutedStepName: 'PhoneFinder Checks',
            ProductStatus: 'fail',
            ProductReason: { Code: 'phone_finder_fail', Description: `No match for ${PII.first_name}` },
            ParameterDetails: [{ Name: 'Phone', Value: '2025550173' }],
          },
        ],
      });
    const vendor = await phoneFinder();

    const verdict = await vendor.proof(addressApplicant, { signal: signal() });

    expect(verdict).toEqual({
      success: false,
      errors: {
        base: ['Verification failed without a reason code'],
        phone: ['The phone number could not be verified.'],
      },
      messages: [],
      transaction_id: '31000000000002',
    });
  });

  it('raises VendorError for an RDP error status, naming its code', async () => {
    simulator.behaviour = () =>
      json({
        Status: {
          TransactionStatus: 'error',
          TransactionReasonCode: { Code: 'invalid_transaction_initiate' },
        },
        Information: [{ Description: `Invalid account for ${PII.first_name}` }],
      });
    const vendor = await phoneFinder();
    await expect(vendor.proof(addressApplicant, { signal: signal() })).rejects.toThrow(
      new VendorError('LexisNexis PhoneFinder answered with an error (invalid_transaction_initiate)'),
    );
  });
});

describe('LexisNexisInstantVerify against a local RDP', () => {
  it('posts name, SSN, DOB and address to the InstantVerify workflow, and passes', async () => {
    simulator.behaviour = () => passed('8624642277235233040');
    const vendor = await instantVerify();

    const verdict = await vendor.proof(resolutionApplicant, { signal: signal() });

    expect(vendor.name).toBe('lexisnexis:instant_verify');
    expect(verdict).toEqual({
      success: true,
      errors: {},
      messages: [],
      transaction_id: '8624642277235233040',
    });
    const [request] = simulator.requests;
    expect(request?.path).toBe(
      '/restws/identity/v2/acct-1234/customers.gsa.instant.verify.workflow/conversation',
    );
    expect(basicCredentials(request!)).toBe('rdp-user:rdp-pass:word');
    expect(JSON.parse(request!.body)).toEqual({
      Settings: {
        AccountNumber: 'acct-1234',
        Mode: 'testing',
        Reference: 'u-456',
        Locale: 'en_US',
        Venue: 'online',
      },
      Person: {
        Name: { FirstName: 'Zebulon', LastName: 'Quackenbush' },
        SSN: { Number: '900123456', Type: 'ssn9' },
        DateOfBirth: { Year: '1938', Month: '10', Day: '6' },
        Addresses: [
          {
            StreetAddress1: '742 Evergreen Terrace',
            StreetAddress2: '',
            City: 'Springfield',
            State: 'VA',
            Zip5: '22150',
            Country: 'US',
            Context: 'primary',
          },
        ],
      },
    });
  });

  it('fails with the IDP attributes of the failed checks and the transaction reason code', async () => {
    simulator.behaviour = () =>
      json({
        Status: {
          ConversationId: '31000123456789',
          TransactionStatus: 'failed',
          TransactionReasonCode: { Code: 'total.scoring.model.verification.fail' },
        },
        Products: [
          { ProductType: 'Discovery', ExecutedStepName: 'Discovery', ProductStatus: 'pass' },
          {
            ProductType: 'InstantVerify',
            ExecutedStepName: 'InstantVerify',
            ProductStatus: 'fail',
            Items: [
              {
                ItemName: 'FirstName',
                ItemStatus: 'fail',
                ItemReason: { Code: 'first_name_does_not_match' },
              },
              { ItemName: 'SSNSSAValid', ItemStatus: 'fail' },
              { ItemName: 'AddrDeliverable', ItemStatus: 'fail' },
              { ItemName: 'SomeNewCheck', ItemStatus: 'fail', ItemReason: { Code: 'zip_mismatch' } },
              { ItemName: 'DOBFullVerified', ItemStatus: 'pass' },
            ],
          },
        ],
      });
    const vendor = await instantVerify();

    const verdict = await vendor.proof(resolutionApplicant, { signal: signal() });

    expect(verdict).toEqual({
      success: false,
      errors: {
        base: ["Verification failed with code: 'total.scoring.model.verification.fail'"],
        address: ['Unverified address.'],
        first_name: ['Unverified first name.'],
        ssn: ['Unverified SSN.'],
        zipcode: ['Unverified ZIP code.'],
      },
      messages: [],
      transaction_id: '31000123456789',
    });
  });

  it('with dob_year_only, passes a failure whose only failed check is the full date of birth', async () => {
    const yearOnlyFailure = json({
      Status: {
        ConversationId: '31000000000077',
        TransactionStatus: 'failed',
        TransactionReasonCode: { Code: 'total.scoring.model.verification.fail' },
      },
      Products: [
        {
          ProductType: 'InstantVerify',
          ProductStatus: 'fail',
          Items: [
            { ItemName: 'DOBFullVerified', ItemStatus: 'fail' },
            { ItemName: 'DOBYearVerified', ItemStatus: 'pass' },
          ],
        },
      ],
    });
    simulator.behaviour = () => yearOnlyFailure;
    const vendor = await instantVerify();

    const yearOnly = await vendor.proof(
      { ...resolutionApplicant, dob_year_only: true },
      { signal: signal() },
    );
    const fullDate = await vendor.proof(resolutionApplicant, { signal: signal() });

    expect(yearOnly).toEqual({ success: true, errors: {}, messages: [], transaction_id: '31000000000077' });
    expect(fullDate).toMatchObject({ success: false, errors: { dob: ['Unverified date of birth.'] } });
  });

  it('with dob_year_only, still fails when the year did not match either', async () => {
    simulator.behaviour = () =>
      json({
        Status: { ConversationId: 'c', TransactionStatus: 'failed' },
        Products: [
          {
            ProductType: 'InstantVerify',
            ProductStatus: 'fail',
            Items: [
              { ItemName: 'DOBFullVerified', ItemStatus: 'fail' },
              { ItemName: 'DOBYearVerified', ItemStatus: 'fail' },
            ],
          },
        ],
      });
    const vendor = await instantVerify();
    const verdict = await vendor.proof({ ...resolutionApplicant, dob_year_only: true }, { signal: signal() });
    expect(verdict).toMatchObject({ success: false, errors: { dob: ['Unverified date of birth.'] } });
  });
});

describe('LexisNexis failures never carry what the vendor sent or the applicant', () => {
  const reflectedBody = `{"Status":{"TransactionStatus":"passed","Person":"${PII.first_name} ${PII.last_name} 900123456"`;

  it.each([
    [
      'a malformed body',
      () => ({ status: 200, body: reflectedBody }),
      VendorError,
      'sent an unreadable response',
    ],
    [
      'an unknown status',
      () => json({ Status: { TransactionStatus: PII.first_name } }),
      VendorError,
      'sent an unreadable response',
    ],
    ['HTTP 500', () => ({ status: 500, body: reflectedBody }), VendorError, 'answered HTTP 500'],
    ['HTTP 401', () => ({ status: 401, body: reflectedBody }), VendorError, 'answered HTTP 401'],
    ['a dropped connection', () => 'drop' as const, VendorError, 'unreachable'],
  ])('%s', async (_, behaviour, errorClass, message) => {
    simulator.behaviour = behaviour;
    for (const vendor of [await phoneFinder(), await instantVerify()]) {
      const applicant = vendor instanceof LexisNexisPhoneFinder ? addressApplicant : resolutionApplicant;
      const error = await vendor.proof(applicant as never, { signal: signal() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(errorClass);
      expect(error).not.toBeInstanceOf(VendorTimeoutError);
      expect((error as Error).message).toMatch(
        new RegExp(`^LexisNexis (PhoneFinder|InstantVerify) ${message}$`),
      );
      const text = errorText(error);
      for (const value of [...PII_VALUES, 'rdp-pass:word', 'rdp-user', reflectedBody.slice(0, 20)]) {
        expect(text).not.toContain(value);
      }
    }
  });

  it('times out through the job signal while the vendor hangs', async () => {
    simulator.behaviour = () => 'hang';
    const vendor = await instantVerify({ request_timeout_ms: 30_000 });
    const error = await vendor
      .proof(resolutionApplicant, { signal: AbortSignal.timeout(300) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTimeoutError);
    expect((error as Error).message).toBe(
      "LexisNexis InstantVerify did not answer before the job's deadline",
    );
    expect(errorText(error)).not.toContain(PII.first_name);
  });

  it('times out at the configured request timeout when the job has time left', async () => {
    simulator.behaviour = () => 'hang';
    const vendor = await phoneFinder({ request_timeout_ms: 200 });
    const error = await vendor
      .proof(addressApplicant, { signal: AbortSignal.timeout(20_000) })
      .catch((e: unknown) => e);
    expect(error).toEqual(new VendorTimeoutError('LexisNexis PhoneFinder timed out'));
  });

  it('reports an unreachable vendor', async () => {
    const vendor = await phoneFinder({ base_url: 'http://127.0.0.1:9' });
    await expect(vendor.proof(addressApplicant, { signal: signal() })).rejects.toThrow(
      new VendorError('LexisNexis PhoneFinder unreachable'),
    );
  });

  it('refuses a date of birth that is not a date, without calling the vendor', async () => {
    const vendor = await instantVerify();
    await expect(
      vendor.proof({ ...resolutionApplicant, dob: '1938-02-30' }, { signal: signal() }),
    ).rejects.toThrow(new VendorError('LexisNexis InstantVerify needs a valid date of birth'));
    expect(simulator.requests).toHaveLength(0);
  });
});

describe('LexisNexis configuration from Secrets Manager', () => {
  it.each([
    [
      'a missing field',
      () => config({ username: undefined }),
      'LexisNexis configuration: username is required',
    ],
    [
      'an unknown field',
      () => ({ ...config(), pasword: 'x' }),
      'LexisNexis configuration has unknown field pasword',
    ],
    [
      'plain http off the loopback',
      () => config({ base_url: 'http://rdp.example.com' }),
      'LexisNexis configuration: base_url must be an https URL',
    ],
    [
      'a timeout out of range',
      () => config({ request_timeout_ms: 0 }),
      'LexisNexis configuration: request_timeout_ms must be between 100 and 60000',
    ],
    [
      'a workflow with a slash',
      () => config({ phone_finder_workflow: 'a/b' }),
      'LexisNexis configuration: phone_finder_workflow must match',
    ],
    ['text that is not JSON', () => 'password=hunter2', 'LexisNexis configuration is not valid JSON'],
  ])('rejects %s with VendorConfigError, naming no value', async (_, value, message) => {
    const secretName = await secrets.create(value(), 'lexisnexis');
    const vendor = new LexisNexisPhoneFinder({ secretName, secrets: { secretsClient: secrets.client } });
    const error = await vendor.proof(addressApplicant, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorConfigError);
    expect((error as Error).message.slice(0, message.length)).toBe(message);
    expect(errorText(error)).not.toContain('rdp-pass:word');
    expect(errorText(error)).not.toContain('hunter2');
    expect(simulator.requests).toHaveLength(0);
  });

  it('names a missing secret, and a workflow the client needs but the secret lacks', async () => {
    const missing = new LexisNexisPhoneFinder({
      secretName: 'test/absent',
      secrets: { secretsClient: secrets.client },
    });
    await expect(missing.proof(addressApplicant, { signal: signal() })).rejects.toThrow(
      new VendorConfigError('LexisNexis configuration could not be read'),
    );
    const noWorkflow = await phoneFinder({ phone_finder_workflow: undefined });
    await expect(noWorkflow.proof(addressApplicant, { signal: signal() })).rejects.toThrow(
      new VendorConfigError('LexisNexis PhoneFinder has no workflow configured'),
    );
  });

  it('picks up rotated credentials once the cached secret expires', async () => {
    simulator.behaviour = () => passed('c-1');
    const secretName = await secrets.create(config(), 'lexisnexis');
    const vendor = new LexisNexisInstantVerify({
      secretName,
      secrets: { secretsClient: secrets.client, maxAgeSeconds: 1 },
    });
    await vendor.proof(resolutionApplicant, { signal: signal() });
    await secrets.put(secretName, config({ password: 'rotated-pass' }));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await vendor.proof(resolutionApplicant, { signal: signal() });
    expect(simulator.requests.map(basicCredentials)).toEqual([
      'rdp-user:rdp-pass:word',
      'rdp-user:rotated-pass',
    ]);
  });

  it('is what the factories build for kind lexisnexis', async () => {
    simulator.behaviour = () => passed('c-2');
    const selection = {
      kind: 'lexisnexis' as const,
      secretName: await secrets.create(config(), 'lexisnexis'),
      secrets: { secretsClient: secrets.client },
    };
    const address = createAddressVendor(selection);
    const resolution = createResolutionVendor(selection);
    expect(address).toBeInstanceOf(LexisNexisPhoneFinder);
    expect(resolution).toBeInstanceOf(LexisNexisInstantVerify);
    await expect(address.proof(addressApplicant, { signal: signal() })).resolves.toMatchObject({
      success: true,
    });
    await expect(resolution.proof(resolutionApplicant, { signal: signal() })).resolves.toMatchObject({
      success: true,
    });
    expect(simulator.requests.map((r) => r.path.split('/')[5])).toEqual([
      'customers.gsa.phonefinder.workflow',
      'customers.gsa.instant.verify.workflow',
    ]);
  });
});
