import { describe, expect, it } from 'vitest';
import {
  readAuthenticationToken,
  readSecurityContextToken,
  readSoap,
  readVerification,
  verificationErrors,
} from '../../../src/aamva/soap.js';
import { VendorError, VendorTimeoutError } from '../../../src/index.js';
import { soapFault, verificationResponse } from '../../support/aamva-responses.js';

const read = (body: string, status = 200) => readSoap(status, Buffer.from(body));

describe('AAMVA answers', () => {
  it('reads a namespaced DLDV success as verified, with its transaction locator', () => {
    const result = readVerification(read(verificationResponse({ locator: 'transaction-locator-id-67890' })));
    expect(result.transactionLocatorId).toBe('transaction-locator-id-67890');
    expect(result.matches).toMatchObject({
      state_id_number: true,
      dob: true,
      first_name: true,
      last_name: true,
    });
    expect(verificationErrors(result)).toEqual({});
  });

  it('reads the un-namespaced DLDV answer of the IDP fixture (TransactionLocatorID)', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<dldv:VerifyDriverLicenseDataResponse xmlns:dldv="http://aamva.org/dldv/dldverification/2.1">
  <ControlData><MessageAddress><TransactionLocatorID>1234-abcd-efgh</TransactionLocatorID></MessageAddress></ControlData>
  <DriverLicenseNumberMatchIndicator>true</DriverLicenseNumberMatchIndicator>
  <PersonBirthDateMatchIndicator>true</PersonBirthDateMatchIndicator>
  <PersonLastNameExactMatchIndicator>true</PersonLastNameExactMatchIndicator>
  <PersonFirstNameExactMatchIndicator>true</PersonFirstNameExactMatchIndicator>
  <DocumentCategoryMatchIndicator>true</DocumentCategoryMatchIndicator>
</dldv:VerifyDriverLicenseDataResponse>`;
    const result = readVerification(read(body));
    expect(result.transactionLocatorId).toBe('1234-abcd-efgh');
    expect(verificationErrors(result)).toEqual({});
    expect(result.matches.address1).toBeNull();
  });

  it('fails when a required attribute did not match: every unmatched attribute UNVERIFIED or MISSING', () => {
    const result = readVerification(
      read(
        verificationResponse({
          indicators: { PersonBirthDateMatchIndicator: 'false', AddressZIP5MatchIndicator: null },
        }),
      ),
    );
    expect(verificationErrors(result)).toEqual({ dob: ['UNVERIFIED'], zipcode: ['MISSING'] });
  });

  it('passes when only optional attributes (address) did not match, as the IDP', () => {
    const result = readVerification(
      read(verificationResponse({ indicators: { AddressLine1MatchIndicator: 'false' } })),
    );
    expect(verificationErrors(result)).toEqual({});
  });

  it('turns the MVA timeout fault (0047) into VendorTimeoutError, whatever the HTTP status', () => {
    expect(() => read(soapFault(['0047', '0048']), 500)).toThrow(VendorTimeoutError);
    expect(() => read(soapFault(['0047']), 200)).toThrow(VendorTimeoutError);
  });

  it('names the exception ids of other faults, never the fault text', () => {
    const call = () => read(soapFault(['0048'], 'Fakey McFakerson was not found'), 500);
    expect(call).toThrow(new VendorError('AAMVA answered HTTP 500 with a SOAP fault (exception 0048)'));
    expect(() => read(soapFault([]), 200)).toThrow(new VendorError('AAMVA answered with a SOAP fault'));
  });

  it('refuses what is not XML, XML with a DTD, and XML without a DLDV result', () => {
    expect(() => read('<h1>Oh no</h1><hr><p>This is not xml.')).toThrow(
      new VendorError('AAMVA sent an unreadable response'),
    );
    expect(() => read('<h1>Oh no</h1>', 502)).toThrow(new VendorError('AAMVA answered HTTP 502'));
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>';
    expect(() => read(bomb)).toThrow(new VendorError('AAMVA sent an unreadable response'));
    expect(() => readVerification(read('<Envelope><Body><Other/></Body></Envelope>'))).toThrow(
      new VendorError('AAMVA sent an unreadable response'),
    );
  });

  it('reads the security context token and the authentication token', () => {
    const sct = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>
      <t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust">
        <t:RequestedSecurityToken><c:SecurityContextToken xmlns:c="http://schemas.xmlsoap.org/ws/2005/02/sc"
          xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" u:Id="sct-token-reference">
          <c:Identifier>sct-token-identifier</c:Identifier></c:SecurityContextToken></t:RequestedSecurityToken>
        <t:Entropy><t:BinarySecret>MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=</t:BinarySecret></t:Entropy>
      </t:RequestSecurityTokenResponse></s:Body></s:Envelope>`;
    expect(readSecurityContextToken(read(sct))).toEqual({
      identifier: 'sct-token-identifier',
      reference: 'sct-token-reference',
      serverNonce: 'MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=',
    });
    expect(() => readSecurityContextToken(read('<Envelope><Body/></Envelope>'))).toThrow(
      new VendorError('AAMVA authentication answer lacks a security context token'),
    );
    const token =
      '<Envelope><Body><AuthenticateResponse><AuthenticateResult><a:Token xmlns:a="x">KEYKEYKEY</a:Token></AuthenticateResult></AuthenticateResponse></Body></Envelope>';
    expect(readAuthenticationToken(read(token))).toBe('KEYKEYKEY');
    expect(() => readAuthenticationToken(read('<Envelope/>'))).toThrow(
      new VendorError('AAMVA authentication answer lacks a token'),
    );
  });
});
