// AAMVA answers shaped as the IDP's fixtures (spec/fixtures/proofing/aamva/responses).

const INDICATORS = [
  'DriverLicenseNumberMatchIndicator',
  'DocumentCategoryMatchIndicator',
  'PersonBirthDateMatchIndicator',
  'PersonLastNameExactMatchIndicator',
  'PersonFirstNameExactMatchIndicator',
  'AddressLine1MatchIndicator',
  'AddressLine2MatchIndicator',
  'AddressCityMatchIndicator',
  'AddressStateCodeMatchIndicator',
  'AddressZIP5MatchIndicator',
];

/** A DLDV answer; every indicator `true` unless overridden (`null` leaves it out). */
export function verificationResponse(
  options: { locator?: string; indicators?: Record<string, string | null> } = {},
): string {
  const ext = 'http://aamva.org/niem/extensions/1.0';
  const indicators = INDICATORS.map((name) => {
    const value = options.indicators && name in options.indicators ? options.indicators[name] : 'true';
    return value === null ? '' : `<${name} xmlns="${ext}">${value}</${name}>`;
  }).join('\n        ');
  return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">
  <s:Header><a:Action s:mustUnderstand="1">http://aamva.org/dldv/wsdl/2.1/IDLDVService21/VerifyDriverLicenseDataResponse</a:Action></s:Header>
  <s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <VerifyDriverLicenseDataResponse xmlns="http://aamva.org/dldv/wsdl/2.1">
      <VerifyDriverLicenseDataResult>
        <ControlData xmlns="${ext}"><MessageAddress>
          <TransactionLocatorId>${options.locator ?? 'transaction-locator-id-67890'}</TransactionLocatorId>
          <MessageOriginatorId>WI</MessageOriginatorId><MessageDestinationId>GSA</MessageDestinationId>
        </MessageAddress></ControlData>
        ${indicators}
      </VerifyDriverLicenseDataResult>
    </VerifyDriverLicenseDataResponse>
  </s:Body>
</s:Envelope>`;
}

/** A SOAP 1.2 fault with AAMVA program exceptions. */
export function soapFault(exceptionIds: string[], reason = 'A FooBar error occurred'): string {
  const exceptions = exceptionIds
    .map(
      (id) =>
        `<ProgramException><ExceptionId>${id}</ExceptionId><ExceptionText>MVA did not respond in a timely fashion</ExceptionText><ExceptionTypeCode>I</ExceptionTypeCode></ProgramException>`,
    )
    .join('');
  return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault>
  <s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en-US">${reason}</s:Text></s:Reason>
  <Exception xmlns="http://aamva.org/exceptions/1.0"><ProgramExceptions>${exceptions}</ProgramExceptions></Exception>
</s:Fault></s:Body></s:Envelope>`;
}

/** The Authentication service's answer to a RequestSecurityToken. */
export const securityTokenResponse = (identifier: string, reference: string, serverNonce: string): string =>
  `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>
<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust">
<t:TokenType>http://schemas.xmlsoap.org/ws/2005/02/sc/sct</t:TokenType>
<t:RequestedSecurityToken><c:SecurityContextToken xmlns:c="http://schemas.xmlsoap.org/ws/2005/02/sc" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" u:Id="${reference}"><c:Identifier>${identifier}</c:Identifier></c:SecurityContextToken></t:RequestedSecurityToken>
<t:Entropy><t:BinarySecret Type="http://schemas.xmlsoap.org/ws/2005/02/trust/Nonce">${serverNonce}</t:BinarySecret></t:Entropy>
<t:KeySize>256</t:KeySize></t:RequestSecurityTokenResponse></s:Body></s:Envelope>`;

/** The Authentication service's answer to Authenticate. */
export const authenticationTokenResponse = (token: string): string =>
  `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><AuthenticateResponse xmlns="http://aamva.org/authentication/3.1.0"><AuthenticateResult xmlns:a="http://schemas.datacontract.org/2004/07/Aamva.Authentication" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><a:Expires>2030-01-01T00:30:00Z</a:Expires><a:Token>${token}</a:Token></AuthenticateResult></AuthenticateResponse></s:Body></s:Envelope>`;
