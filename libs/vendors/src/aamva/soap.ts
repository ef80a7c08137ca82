import { VendorError, VendorTimeoutError } from '../errors.js';
import { safeCode, unreadable } from '../shared/http.js';
import type { SecurityContextToken } from './ws-security.js';
import { attributeOf, findAll, findFirst, parseXml, textOf, type XmlNode } from './xml.js';

export const LABEL = 'AAMVA';

/** AAMVA's program exception for "MVA did not respond in a timely fashion": the state's records timed out. */
const MVA_TIMEOUT_EXCEPTION = '0047';

/**
 * Reads a SOAP answer: unparseable -> unreadable; a SOAP fault -> `VendorTimeoutError` for the MVA timeout,
 * `VendorError` naming AAMVA's exception ids otherwise (never the fault's text); an HTTP error status without
 * a fault -> `AAMVA answered HTTP <status>`.
 */
export function readSoap(status: number, body: Buffer): XmlNode {
  const document = parseXml(body.toString('utf8'));
  const fault = document === undefined ? undefined : findFirst(document, 'Fault');
  if (fault !== undefined) {
    const ids = findAll(fault, 'ExceptionId')
      .map((node) => safeCode(textOf(node)))
      .filter((id): id is string => id !== null);
    if (ids.includes(MVA_TIMEOUT_EXCEPTION)) {
      throw new VendorTimeoutError(`${LABEL}: the state's records did not answer in time (exception 0047)`);
    }
    const what = status >= 400 ? `answered HTTP ${status} with a SOAP fault` : 'answered with a SOAP fault';
    throw new VendorError(`${LABEL} ${what}${ids.length > 0 ? ` (exception ${ids.join(', ')})` : ''}`);
  }
  if (status < 200 || status >= 300) throw new VendorError(`${LABEL} answered HTTP ${status}`);
  if (document === undefined) throw unreadable(LABEL);
  return document;
}

/** Step 1's answer: the security context token (`u:Id` and `Identifier`) and the service's entropy. */
export function readSecurityContextToken(document: XmlNode): SecurityContextToken {
  const response = findFirst(document, 'RequestSecurityTokenResponse');
  const token =
    response === undefined
      ? undefined
      : findFirst(findFirst(response, 'RequestedSecurityToken'), 'SecurityContextToken');
  const identifier = textOf(findFirst(token, 'Identifier'));
  const reference = attributeOf(token, 'Id');
  const serverNonce = textOf(findFirst(response, 'BinarySecret'));
  if (!identifier || !reference || !serverNonce || !/^[A-Za-z0-9+/=]+$/.test(serverNonce)) {
    throw new VendorError(`${LABEL} authentication answer lacks a security context token`);
  }
  return { identifier, reference, serverNonce };
}

/** Step 2's answer: the token that authenticates DLDV requests. */
export function readAuthenticationToken(document: XmlNode): string {
  const token = textOf(findFirst(document, 'Token'));
  if (!token) throw new VendorError(`${LABEL} authentication answer lacks a token`);
  return token;
}

/** DLDV match indicators -> IDP attributes, as the IDP's VerificationResponse maps them. */
const MATCH_INDICATORS: readonly (readonly [string, string])[] = [
  ['DriverLicenseNumberMatchIndicator', 'state_id_number'],
  ['DocumentCategoryMatchIndicator', 'state_id_type'],
  ['PersonBirthDateMatchIndicator', 'dob'],
  ['PersonLastNameExactMatchIndicator', 'last_name'],
  ['PersonFirstNameExactMatchIndicator', 'first_name'],
  ['AddressLine1MatchIndicator', 'address1'],
  ['AddressLine2MatchIndicator', 'address2'],
  ['AddressCityMatchIndicator', 'city'],
  ['AddressStateCodeMatchIndicator', 'state'],
  ['AddressZIP5MatchIndicator', 'zipcode'],
];

/** The attributes that must match for the state ID to be verified. */
const REQUIRED = ['state_id_number', 'dob', 'last_name', 'first_name'];

export interface DldvResult {
  /** true matched, false did not, null absent from the answer. */
  matches: Record<string, boolean | null>;
  transactionLocatorId: string | null;
}

/** Step 3's answer. A document without a DLDV result at all is unreadable rather than "all missing". */
export function readVerification(document: XmlNode): DldvResult {
  const result =
    findFirst(document, 'VerifyDriverLicenseDataResult') ??
    findFirst(document, 'VerifyDriverLicenseDataResponse');
  if (result === undefined) throw unreadable(LABEL);
  const matches: Record<string, boolean | null> = {};
  for (const [indicator, attribute] of MATCH_INDICATORS) {
    const node = findFirst(result, indicator);
    matches[attribute] = node === undefined ? null : textOf(node) === 'true';
  }
  const locator = textOf(
    findFirst(result, 'TransactionLocatorId') ?? findFirst(result, 'TransactionLocatorID'),
  );
  return { matches, transactionLocatorId: locator ? locator : null };
}

/** Verified when every required attribute matched; otherwise each unmatched attribute is UNVERIFIED or MISSING. */
export function verificationErrors(result: DldvResult): Record<string, string[]> {
  if (REQUIRED.every((attribute) => result.matches[attribute] === true)) return {};
  const errors: Record<string, string[]> = {};
  for (const [attribute, match] of Object.entries(result.matches)) {
    if (match === false) errors[attribute] = ['UNVERIFIED'];
    else if (match === null) errors[attribute] = ['MISSING'];
  }
  return errors;
}
