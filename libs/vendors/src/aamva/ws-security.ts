import {
  createHash,
  createHmac,
  randomBytes,
  randomUUID,
  sign,
  type KeyObject,
  type X509Certificate,
} from 'node:crypto';
import { canonicalElement, xmlAttribute, xmlText } from './xml.js';

export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://www.w3.org/2005/08/addressing',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  wst: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
  wsp: 'http://www.w3.org/ns/ws-policy',
  sc: 'http://schemas.xmlsoap.org/ws/2005/02/sc',
  aamvaAuth: 'http://aamva.org/authentication/3.1.0',
} as const;

/** The SOAPAction of both Authentication service requests, as the IDP sends it (quoted). */
export const AUTHENTICATE_ACTION =
  '"http://aamva.org/authentication/3.1.0/IAuthenticationService/Authenticate"';
export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

const BASE64_BINARY =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const X509_V3 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
const THUMBPRINT_SHA1 = 'http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#ThumbprintSHA1';
const SCT_VALUE_TYPE = 'http://schemas.xmlsoap.org/ws/2005/02/sc/sct';

/** What varies between two requests; fixed in tests, random and the clock otherwise. */
export interface RequestEntropy {
  now: Date;
  /** A fresh UUID per call. */
  uuid: () => string;
  /** `size` random bytes: the nonce of the security context token exchange. */
  random: (size: number) => Buffer;
}

export const liveEntropy = (): RequestEntropy => ({ now: new Date(), uuid: randomUUID, random: randomBytes });

/** `2017-01-01T00:00:00Z`: the seconds precision of the IDP's `Time#iso8601`. */
const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const sha1Base64 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('base64');

/**
 * `wsu:Timestamp` (valid five minutes) in its exclusive canonical form under the InclusiveNamespaces
 * PrefixList "wsse soap" that our signatures declare for it: the soap and wsse namespaces in scope are
 * rendered on it, and wsu because it is used. The document carries exactly these bytes, so what a verifier
 * canonicalises is what we digested.
 */
function timestamp(id: string, now: Date): string {
  const expires = new Date(now.getTime() + 300_000);
  return canonicalElement(
    'wsu:Timestamp',
    { soap: NS.soap, wsse: NS.wsse, wsu: NS.wsu },
    [['wsu:Id', id]],
    `<wsu:Created>${isoSeconds(now)}</wsu:Created><wsu:Expires>${isoSeconds(expires)}</wsu:Expires>`,
  );
}

const inclusiveNamespaces = (prefixList: string): string =>
  canonicalElement('ec:InclusiveNamespaces', { ec: NS.excC14n }, [['PrefixList', prefixList]], '');

function reference(uri: string, prefixList: string, canonicalTarget: string): string {
  const transform = canonicalElement(
    'ds:Transform',
    {},
    [['Algorithm', NS.excC14n]],
    inclusiveNamespaces(prefixList),
  );
  return canonicalElement(
    'ds:Reference',
    {},
    [['URI', uri]],
    `<ds:Transforms>${transform}</ds:Transforms>` +
      canonicalElement('ds:DigestMethod', {}, [['Algorithm', `${NS.ds}sha1`]], '') +
      `<ds:DigestValue>${sha1Base64(canonicalTarget)}</ds:DigestValue>`,
  );
}

/**
 * `ds:SignedInfo` in its exclusive canonical form (PrefixList "soap", as its CanonicalizationMethod says):
 * this string is both what is signed and what the document carries.
 */
function signedInfo(signatureMethod: string, references: string[]): string {
  const canonicalization = canonicalElement(
    'ds:CanonicalizationMethod',
    {},
    [['Algorithm', NS.excC14n]],
    inclusiveNamespaces('soap'),
  );
  return canonicalElement(
    'ds:SignedInfo',
    { ds: NS.ds, soap: NS.soap },
    [],
    canonicalization +
      canonicalElement('ds:SignatureMethod', {}, [['Algorithm', signatureMethod]], '') +
      references.join(''),
  );
}

const addressingHeaders = (action: string, messageId: string, to: string): string =>
  `<Action xmlns="${NS.wsa}">${xmlText(action)}</Action>` +
  `<MessageID xmlns="${NS.wsa}">urn:uuid:${messageId}</MessageID>` +
  to +
  `<ReplyTo xmlns="${NS.wsa}"><Address>http://www.w3.org/2005/08/addressing/anonymous</Address></ReplyTo>`;

export interface SecurityTokenRequest {
  body: string;
  /** Our entropy (base64): with the service's, it derives the key that signs the authentication token request. */
  clientNonce: string;
}

/**
 * Step 1 of AAMVA authentication: a WS-Trust RequestSecurityToken for a security context token, carrying
 * our certificate as a BinarySecurityToken and signed (RSA-SHA1, exclusive C14N) with its private key over
 * the Timestamp and the addressing `To`, as the IDP's SecurityTokenRequest does.
 */
export function securityTokenRequest(
  input: { authUrl: string; certificate: X509Certificate; privateKey: KeyObject },
  entropy: RequestEntropy = liveEntropy(),
): SecurityTokenRequest {
  const { now, uuid, random } = entropy;
  const [messageId, toId, tokenId, timestampId, signatureId, keyInfoId, referenceId] = Array.from(
    { length: 7 },
    uuid,
  );
  const clientNonce = random(32).toString('base64');
  const expires = new Date(now.getTime() + 300_000);
  const ts = timestamp(`TS-${timestampId}`, now);
  // The addressing `To` in its exclusive canonical form (PrefixList "soap"): default namespace, soap, wsu.
  const to = canonicalElement(
    'To',
    { '': NS.wsa, soap: NS.soap, wsu: NS.wsu },
    [['wsu:Id', `_${toId}`]],
    xmlText(input.authUrl),
  );
  const info = signedInfo(`${NS.ds}rsa-sha1`, [
    reference(`#TS-${timestampId}`, 'wsse soap', ts),
    reference(`#_${toId}`, 'soap', to),
  ]);
  const signatureValue = sign('sha1', Buffer.from(info, 'utf8'), input.privateKey).toString('base64');
  const thumbprint = createHash('sha1').update(input.certificate.raw).digest('base64');
  const signature =
    `<ds:Signature xmlns:ds="${NS.ds}" Id="SIG-${signatureId}">${info}` +
    `<ds:SignatureValue>${signatureValue}</ds:SignatureValue>` +
    `<ds:KeyInfo Id="KI-${keyInfoId}"><wsse:SecurityTokenReference xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}" wsu:Id="STR-${referenceId}">` +
    `<wsse:KeyIdentifier EncodingType="${BASE64_BINARY}" ValueType="${THUMBPRINT_SHA1}">${thumbprint}</wsse:KeyIdentifier>` +
    `</wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>`;
  const security =
    `<wsse:Security xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}" soap:mustUnderstand="true">` +
    `<wsse:BinarySecurityToken EncodingType="${BASE64_BINARY}" ValueType="${X509_V3}" wsu:Id="X509-${tokenId}">` +
    `${input.certificate.raw.toString('base64')}</wsse:BinarySecurityToken>${ts}${signature}</wsse:Security>`;
  const body =
    `<wst:RequestSecurityToken xmlns:wst="${NS.wst}">` +
    `<wst:RequestType>http://schemas.xmlsoap.org/ws/2005/02/trust/Issue</wst:RequestType>` +
    `<wsp:AppliesTo xmlns:wsp="${NS.wsp}"><wsa:EndpointReference xmlns:wsa="${NS.wsa}"><wsa:Address>${xmlText(input.authUrl)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
    `<wst:Lifetime xmlns:wsu="${NS.wsu}"><wsu:Created>${isoSeconds(now)}</wsu:Created><wsu:Expires>${isoSeconds(expires)}</wsu:Expires></wst:Lifetime>` +
    `<wst:TokenType>${SCT_VALUE_TYPE}</wst:TokenType><wst:KeySize>256</wst:KeySize>` +
    `<wst:Entropy><wst:BinarySecret Type="http://schemas.xmlsoap.org/ws/2005/02/trust/Nonce">${clientNonce}</wst:BinarySecret></wst:Entropy>` +
    `<wst:ComputedKeyAlgorithm>http://schemas.xmlsoap.org/ws/2005/02/trust/CK/PSHA1</wst:ComputedKeyAlgorithm>` +
    `<wst:Renewing></wst:Renewing></wst:RequestSecurityToken>`;
  return {
    clientNonce,
    body:
      `<soap:Envelope xmlns:soap="${NS.soap}"><soap:Header>` +
      addressingHeaders('http://schemas.xmlsoap.org/ws/2005/02/trust/RST/SCT', messageId!, to) +
      `${security}</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`,
  };
}

/**
 * P_SHA1 (RFC 5246 section 5 with HMAC-SHA1): the key both sides compute from the two nonces of the security
 * context token exchange (WS-Trust's computed key, `CK/PSHA1`), 32 bytes as the token's KeySize says.
 */
export function psha1(secret: Buffer, seed: Buffer, length = 32): Buffer {
  const blocks: Buffer[] = [];
  let a = seed;
  let size = 0;
  while (size < length) {
    a = createHmac('sha1', secret).update(a).digest();
    const block = createHmac('sha1', secret)
      .update(Buffer.concat([a, seed]))
      .digest();
    blocks.push(block);
    size += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

export interface SecurityContextToken {
  identifier: string;
  /** The token's `u:Id`, referenced from the signature's KeyInfo. */
  reference: string;
  /** The service's entropy (base64). */
  serverNonce: string;
}

/**
 * Step 2: the Authenticate request, with the security context token in the header and an HMAC-SHA1 signature
 * over the Timestamp keyed with P_SHA1(our nonce, the service's nonce), as the IDP's AuthenticationTokenRequest.
 */
export function authenticationTokenRequest(
  input: { authUrl: string; token: SecurityContextToken; clientNonce: string },
  entropy: RequestEntropy = liveEntropy(),
): string {
  const { now, uuid } = entropy;
  const [messageId, timestampId, signatureId, keyInfoId] = Array.from({ length: 4 }, uuid);
  const ts = timestamp(`TS-${timestampId}`, now);
  const info = signedInfo(`${NS.ds}hmac-sha1`, [reference(`#TS-${timestampId}`, 'wsse soap', ts)]);
  const key = psha1(Buffer.from(input.clientNonce, 'base64'), Buffer.from(input.token.serverNonce, 'base64'));
  const signatureValue = createHmac('sha1', key).update(info, 'utf8').digest('base64');
  const signature =
    `<ds:Signature xmlns:ds="${NS.ds}" Id="SIG-${signatureId}">${info}` +
    `<ds:SignatureValue>${signatureValue}</ds:SignatureValue>` +
    `<ds:KeyInfo Id="KI-${keyInfoId}"><o:SecurityTokenReference xmlns:o="${NS.wsse}">` +
    `<o:Reference URI="#${xmlAttribute(input.token.reference)}" ValueType="${SCT_VALUE_TYPE}"></o:Reference>` +
    `</o:SecurityTokenReference></ds:KeyInfo></ds:Signature>`;
  const contextToken =
    `<c:SecurityContextToken xmlns:c="${NS.sc}" xmlns:u="${NS.wsu}" u:Id="${xmlAttribute(input.token.reference)}">` +
    `<c:Identifier>${xmlText(input.token.identifier)}</c:Identifier></c:SecurityContextToken>`;
  return (
    `<soap:Envelope xmlns:soap="${NS.soap}"><soap:Header>` +
    addressingHeaders(
      'http://aamva.org/authentication/3.1.0/IAuthenticationService/Authenticate',
      messageId!,
      `<To xmlns="${NS.wsa}">${xmlText(input.authUrl)}</To>`,
    ) +
    `<wsse:Security xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}" soap:mustUnderstand="true">${ts}${contextToken}${signature}</wsse:Security>` +
    `</soap:Header><soap:Body><Authenticate xmlns="${NS.aamvaAuth}" xmlns:ns2="http://schemas.microsoft.com/2003/10/Serialization/"></Authenticate></soap:Body></soap:Envelope>`
  );
}
