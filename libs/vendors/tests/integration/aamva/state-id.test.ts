import { createHash, createHmac, randomBytes, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AamvaStateIdVendor,
  MockStateIdVendor,
  VendorConfigError,
  VendorError,
  VendorTimeoutError,
  createStateIdVendor,
  type StateIdApplicant,
} from '../../../src/index.js';
import { psha1 } from '../../../src/aamva/ws-security.js';
import {
  authenticationTokenResponse,
  securityTokenResponse,
  soapFault,
  verificationResponse,
} from '../../support/aamva-responses.js';
import { testIdentity } from '../../support/certificate.js';
import { LocalSecrets } from '../../support/secrets.js';
import {
  VendorSimulator,
  errorText,
  type RecordedVendorRequest,
  type VendorBehaviour,
} from '../../support/vendor-simulator.js';

const simulator = new VendorSimulator();
const secrets = new LocalSecrets();
const identity = testIdentity();
let baseUrl: string;

const applicant: StateIdApplicant = {
  uuid: 'u-789',
  first_name: 'Zebulon',
  last_name: "O'Quackenbush & Sons",
  dob: '10/06/1938',
  address1: '742 Evergreen Terrace',
  address2: 'Apt <2>',
  city: 'Springfield',
  state: 'VA',
  zipcode: '22150',
  state_id_number: 'S12345678',
  state_id_type: 'drivers_permit',
  state_id_jurisdiction: 'VA',
};
const PII_VALUES = ['Zebulon', 'Quackenbush', 'S12345678', '1938', 'Evergreen'];

const config = (overrides: Record<string, unknown> = {}) => ({
  auth_url: `${baseUrl}/Authentication/Authenticate.svc`,
  verification_url: `${baseUrl}/dldv/2.1/online`,
  public_key: identity.certificate.raw.toString('base64'),
  private_key: Buffer.from(identity.privateKeyPem).toString('base64'),
  auth_request_timeout_ms: 5000,
  verification_request_timeout_ms: 5000,
  ...overrides,
});

async function vendor(overrides: Record<string, unknown> = {}) {
  return new AamvaStateIdVendor({
    secretName: await secrets.create(config(overrides), 'aamva'),
    secrets: { secretsClient: secrets.client },
  });
}

const signal = () => AbortSignal.timeout(5000);
const xml = (body: string, status = 200): VendorBehaviour => ({
  status,
  body,
  contentType: 'application/soap+xml',
});
const between = (text: string, open: string, close: string): string => {
  const start = text.indexOf(open);
  return start < 0 ? '' : text.slice(start, text.indexOf(close, start) + close.length);
};
const inner = (text: string, tag: string): string =>
  between(text, `<${tag}`, `</${tag}>`)
    .replace(/^<[^>]*>/, '')
    .replace(/<\/[^>]*>$/, '');

/**
 * AAMVA's Authentication and DLDV services on 127.0.0.1. It checks what a real service checks: the RSA
 * signature of the security token request against the certificate it carries, the digests of what it signs,
 * the HMAC of the authentication request under the key derived from both nonces, and the token of every
 * verification; it answers a failed check with a SOAP fault.
 */
class AamvaService {
  readonly serverNonce = randomBytes(32).toString('base64');
  clientNonce = '';
  tokensIssued = 0;
  verification: (request: RecordedVendorRequest) => VendorBehaviour = () => xml(verificationResponse());

  handle = (request: RecordedVendorRequest): VendorBehaviour => {
    if (request.path === '/Authentication/Authenticate.svc') {
      return request.body.includes('RequestSecurityToken')
        ? this.securityToken(request)
        : this.authenticate(request);
    }
    if (request.path === '/dldv/2.1/online') {
      if (inner(request.body, 'ns:token') !== `token-${this.tokensIssued}`)
        return xml(soapFault(['0001']), 500);
      return this.verification(request);
    }
    return { status: 404, body: '' };
  };

  private securityToken(request: RecordedVendorRequest): VendorBehaviour {
    const { body } = request;
    const certificate = Buffer.from(inner(body, 'wsse:BinarySecurityToken'), 'base64');
    const signedInfo = between(body, '<ds:SignedInfo', '</ds:SignedInfo>');
    const signature = Buffer.from(inner(body, 'ds:SignatureValue'), 'base64');
    const publicKey = identity.certificate.publicKey;
    const timestamp = between(body, '<wsu:Timestamp', '</wsu:Timestamp>');
    const to = between(body, '<To ', '</To>');
    const sha1 = (text: string) => createHash('sha1').update(text).digest('base64');
    const valid =
      certificate.equals(identity.certificate.raw) &&
      verify('sha1', Buffer.from(signedInfo), publicKey, signature) &&
      signedInfo.includes(`<ds:DigestValue>${sha1(timestamp)}</ds:DigestValue>`) &&
      signedInfo.includes(`<ds:DigestValue>${sha1(to)}</ds:DigestValue>`) &&
      inner(body, 'wsse:KeyIdentifier') === createHash('sha1').update(certificate).digest('base64') &&
      request.headers.soapaction ===
        '"http://aamva.org/authentication/3.1.0/IAuthenticationService/Authenticate"' &&
      request.headers['content-type'] === 'application/soap+xml;charset=UTF-8';
    if (!valid) return xml(soapFault([]), 500);
    this.clientNonce = inner(body, 'wst:BinarySecret');
    return xml(securityTokenResponse('sct-identifier', 'sct-reference', this.serverNonce));
  }

  private authenticate(request: RecordedVendorRequest): VendorBehaviour {
    const { body } = request;
    const key = psha1(Buffer.from(this.clientNonce, 'base64'), Buffer.from(this.serverNonce, 'base64'));
    const signedInfo = between(body, '<ds:SignedInfo', '</ds:SignedInfo>');
    const expected = createHmac('sha1', key).update(signedInfo).digest('base64');
    const valid =
      inner(body, 'ds:SignatureValue') === expected &&
      inner(body, 'c:Identifier') === 'sct-identifier' &&
      body.includes('<o:Reference URI="#sct-reference"');
    if (!valid) return xml(soapFault([]), 500);
    this.tokensIssued += 1;
    return xml(authenticationTokenResponse(`token-${this.tokensIssued}`));
  }
}

let service: AamvaService;

beforeAll(async () => {
  baseUrl = await simulator.start();
  await secrets.start();
});
afterAll(async () => {
  await simulator.stop();
  await secrets.stop();
});
beforeEach(() => {
  simulator.reset();
  service = new AamvaService();
  simulator.behaviour = service.handle;
});

const paths = () => simulator.requests.map((request) => request.path.split('/')[1]);

describe('AamvaStateIdVendor against local AAMVA services', () => {
  it('authenticates with the signed token requests, then verifies the applicant in DLDV format', async () => {
    const stateId = await vendor();

    const verdict = await stateId.proof(applicant, { signal: signal() });

    expect(stateId.name).toBe('aamva:state_id');
    expect(verdict).toEqual({
      success: true,
      errors: {},
      messages: [],
      transaction_id: 'transaction-locator-id-67890',
      verified: [
        'state_id_number',
        'state_id_type',
        'dob',
        'last_name',
        'first_name',
        'address1',
        'address2',
        'city',
        'state',
        'zipcode',
      ],
    });
    expect(paths()).toEqual(['Authentication', 'Authentication', 'dldv']);
    const verification = simulator.requests[2]!;
    expect(verification.headers.soapaction).toBe(
      '"http://aamva.org/dldv/wsdl/2.1/IDLDVService21/VerifyDriverLicenseData"',
    );
    const field = (tag: string) => inner(verification.body, tag);
    expect(field('ns1:TransactionLocatorId')).toBe('u-789');
    expect(field('ns1:MessageOriginatorId')).toBe('GSA');
    expect(field('ns1:MessageDestinationId')).toBe('VA');
    expect(field('ns2:IdentificationID')).toBe('S12345678');
    expect(field('ns1:PersonBirthDate')).toBe('1938-10-06');
    expect(field('ns2:PersonGivenName')).toBe('Zebulon');
    expect(field('ns2:PersonSurName')).toBe("O'Quackenbush &amp; Sons");
    expect(field('ns1:DocumentCategoryCode')).toBe('2');
    expect(verification.body).toContain(
      '<ns2:AddressDeliveryPointText>742 Evergreen Terrace</ns2:AddressDeliveryPointText><ns2:AddressDeliveryPointText>Apt &lt;2&gt;</ns2:AddressDeliveryPointText>',
    );
    expect(field('ns2:LocationPostalCode')).toBe('22150');
  });

  it('reuses the authentication token for later verifications', async () => {
    const stateId = await vendor();
    await stateId.proof(applicant, { signal: signal() });
    await stateId.proof(applicant, { signal: signal() });
    await Promise.all([
      stateId.proof(applicant, { signal: signal() }),
      stateId.proof(applicant, { signal: signal() }),
    ]);
    expect(paths()).toEqual(['Authentication', 'Authentication', 'dldv', 'dldv', 'dldv', 'dldv']);
    expect(service.tokensIssued).toBe(1);
  });

  it('shares one authentication between concurrent first calls', async () => {
    const stateId = await vendor();
    await Promise.all([
      stateId.proof(applicant, { signal: signal() }),
      stateId.proof(applicant, { signal: signal() }),
    ]);
    expect(paths().filter((p) => p === 'Authentication')).toHaveLength(2);
    expect(service.tokensIssued).toBe(1);
  });

  it('fails with every unmatched attribute when a required one did not match', async () => {
    service.verification = () =>
      xml(
        verificationResponse({
          locator: 'loc-2',
          indicators: { DriverLicenseNumberMatchIndicator: 'false', AddressLine2MatchIndicator: null },
        }),
      );
    const verdict = await (await vendor()).proof(applicant, { signal: signal() });
    expect(verdict).toEqual({
      success: false,
      errors: { state_id_number: ['UNVERIFIED'], address2: ['MISSING'] },
      messages: [],
      transaction_id: 'loc-2',
      verified: ['state_id_type', 'dob', 'last_name', 'first_name', 'address1', 'city', 'state', 'zipcode'],
    });
  });

  it('addresses the test jurisdiction P6 in the certification environment', async () => {
    await (await vendor({ cert_enabled: true })).proof(applicant, { signal: signal() });
    expect(inner(simulator.requests[2]!.body, 'ns1:MessageDestinationId')).toBe('P6');
  });

  it('lets a jurisdiction AAMVA does not serve pass without any request, as the IDP', async () => {
    const stateId = await vendor({ supported_jurisdictions: ['MD', 'DC'] });
    const verdict = await stateId.proof(applicant, { signal: signal() });
    // It passes, but with nothing verified: no later step may take it as evidence (of the DOB, say).
    expect(verdict).toEqual({
      success: true,
      errors: {},
      messages: ['The state ID jurisdiction is not supported by AAMVA; the state ID was not checked.'],
      transaction_id: null,
      verified: [],
    });
    expect(simulator.requests).toHaveLength(0);
  });

  it('turns the MVA timeout fault into VendorTimeoutError and keeps the token', async () => {
    const stateId = await vendor();
    service.verification = () => xml(soapFault(['0047']), 500);
    await expect(stateId.proof(applicant, { signal: signal() })).rejects.toThrow(VendorTimeoutError);
    service.verification = () => xml(verificationResponse());
    await expect(stateId.proof(applicant, { signal: signal() })).resolves.toMatchObject({ success: true });
    expect(service.tokensIssued).toBe(1);
  });

  it('authenticates again after AAMVA rejects a verification', async () => {
    const stateId = await vendor();
    service.verification = () => xml(soapFault(['0048'], 'Zebulon S12345678'), 500);
    const error = await stateId.proof(applicant, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toEqual(new VendorError('AAMVA answered HTTP 500 with a SOAP fault (exception 0048)'));
    expect(errorText(error)).not.toContain('Zebulon');
    service.verification = () => xml(verificationResponse());
    await expect(stateId.proof(applicant, { signal: signal() })).resolves.toMatchObject({ success: true });
    expect(service.tokensIssued).toBe(2);
  });

  it('does not keep a failed authentication', async () => {
    const stateId = await vendor();
    simulator.behaviour = () =>
      xml('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>');
    await expect(stateId.proof(applicant, { signal: signal() })).rejects.toThrow(
      new VendorError('AAMVA authentication answer lacks a security context token'),
    );
    simulator.behaviour = service.handle;
    await expect(stateId.proof(applicant, { signal: signal() })).resolves.toMatchObject({ success: true });
  });
});

describe('AAMVA failures never carry what the vendor sent or the applicant', () => {
  const reflected = `<Envelope><Body><Echo>${applicant.first_name} ${applicant.state_id_number}</Echo>`;

  it.each([
    ['a malformed verification answer', () => xml(reflected), 'AAMVA sent an unreadable response'],
    ['HTTP 500 without a fault', () => xml(reflected, 500), 'AAMVA answered HTTP 500'],
    ['HTTP 403', () => xml('', 403), 'AAMVA answered HTTP 403'],
    ['a dropped connection', () => 'drop' as const, 'AAMVA unreachable'],
  ])('%s', async (_, behaviour, message) => {
    const stateId = await vendor();
    service.verification = behaviour;
    const error = await stateId.proof(applicant, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toEqual(new VendorError(message));
    expect(error).not.toBeInstanceOf(VendorTimeoutError);
    const text = errorText(error);
    for (const value of [...PII_VALUES, 'token-1', reflected.slice(0, 15)]) expect(text).not.toContain(value);
  });

  it('times out through the job signal while the verification hangs', async () => {
    const stateId = await vendor({ verification_request_timeout_ms: 30_000 });
    service.verification = () => 'hang';
    const error = await stateId
      .proof(applicant, { signal: AbortSignal.timeout(400) })
      .catch((e: unknown) => e);
    expect(error).toEqual(new VendorTimeoutError("AAMVA did not answer before the job's deadline"));
  });

  it('times out at the configured authentication timeout while authentication hangs', async () => {
    const stateId = await vendor({ auth_request_timeout_ms: 200 });
    simulator.behaviour = () => 'hang';
    await expect(stateId.proof(applicant, { signal: signal() })).rejects.toThrow(
      new VendorTimeoutError('AAMVA timed out'),
    );
  });
});

describe('AAMVA configuration', () => {
  it.each([
    [
      'a certificate that is not one',
      () => config({ public_key: Buffer.from('nope').toString('base64') }),
      'AAMVA configuration: public_key is not an X.509 certificate',
    ],
    [
      'a key that is not one',
      () => config({ private_key: Buffer.from('nope').toString('base64') }),
      'AAMVA configuration: private_key is not a private key',
    ],
    [
      'a key of another certificate',
      () => config({ private_key: testIdentity().privateKeyPem }),
      'AAMVA configuration: private_key does not belong to public_key',
    ],
    [
      'a lowercase jurisdiction',
      () => config({ supported_jurisdictions: ['va'] }),
      'AAMVA configuration: supported_jurisdictions must be a list',
    ],
  ])('rejects %s, naming no value', async (_, value, message) => {
    const stateId = new AamvaStateIdVendor({
      secretName: await secrets.create(value(), 'aamva'),
      secrets: { secretsClient: secrets.client },
    });
    const error = await stateId.proof(applicant, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorConfigError);
    expect((error as Error).message.slice(0, message.length)).toBe(message);
    expect(errorText(error)).not.toContain(identity.privateKeyPem.slice(40, 80));
    expect(simulator.requests).toHaveLength(0);
  });

  it('accepts the key and certificate as PEM text or base64 of DER', async () => {
    const der = identity.privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
    const stateId = await vendor({ public_key: identity.certificatePem, private_key: der });
    await expect(stateId.proof(applicant, { signal: signal() })).resolves.toMatchObject({ success: true });
  });

  it('is what the factory builds for kind aamva; kind mock is the IDP mock', async () => {
    const real = createStateIdVendor({
      kind: 'aamva',
      secretName: await secrets.create(config(), 'aamva'),
      secrets: { secretsClient: secrets.client },
    });
    expect(real).toBeInstanceOf(AamvaStateIdVendor);
    await expect(real.proof(applicant, { signal: signal() })).resolves.toMatchObject({ success: true });
    expect(createStateIdVendor({ kind: 'mock' })).toBeInstanceOf(MockStateIdVendor);
  });
});
