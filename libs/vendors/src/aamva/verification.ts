import type { StateIdApplicant } from '../state-id/types.js';
import { xmlText } from './xml.js';

export const VERIFY_ACTION = '"http://aamva.org/dldv/wsdl/2.1/IDLDVService21/VerifyDriverLicenseData"';

/** DLDV document category codes, by the IDP's state_id_type (a Map: the type comes from the payload). */
const DOCUMENT_CATEGORY: ReadonlyMap<string, string> = new Map([
  ['drivers_license', '1'],
  ['drivers_permit', '2'],
  ['state_id_card', '3'],
]);

/**
 * Step 3: the DLDV 2.1 VerifyDriverLicenseData request, authenticated by the token in its body, in the
 * IDP's template: the ID number, name, date of birth, document category and address of the applicant, and
 * the jurisdiction (`P6` in AAMVA's certification environment) as the message's destination.
 */
export function verificationRequest(input: {
  token: string;
  applicant: StateIdApplicant;
  /** `YYYY-MM-DD`. */
  dob: string;
  certEnabled: boolean;
}): string {
  const { applicant } = input;
  const destination = input.certEnabled ? 'P6' : applicant.state_id_jurisdiction;
  const category = DOCUMENT_CATEGORY.get(applicant.state_id_type);
  const address =
    `<ns1:Address><ns2:AddressDeliveryPointText>${xmlText(applicant.address1)}</ns2:AddressDeliveryPointText>` +
    (applicant.address2
      ? `<ns2:AddressDeliveryPointText>${xmlText(applicant.address2)}</ns2:AddressDeliveryPointText>`
      : '') +
    `<ns2:LocationCityName>${xmlText(applicant.city)}</ns2:LocationCityName>` +
    `<ns2:LocationStateUsPostalServiceCode>${xmlText(applicant.state)}</ns2:LocationStateUsPostalServiceCode>` +
    `<ns2:LocationPostalCode>${xmlText(applicant.zipcode)}</ns2:LocationPostalCode></ns1:Address>`;
  return (
    `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:ns="http://aamva.org/dldv/wsdl/2.1" ` +
    `xmlns:ns1="http://aamva.org/niem/extensions/1.0" xmlns:ns2="http://niem.gov/niem/niem-core/2.0">` +
    `<soap:Header xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Action>http://aamva.org/dldv/wsdl/2.1/IDLDVService21/VerifyDriverLicenseData</wsa:Action></soap:Header>` +
    `<soap:Body><ns:VerifyDriverLicenseData><ns:token>${xmlText(input.token)}</ns:token><ns:verifyDriverLicenseDataRequest>` +
    `<ns1:ControlData><ns1:MessageAddress><ns1:TransactionLocatorId>${xmlText(applicant.uuid)}</ns1:TransactionLocatorId>` +
    `<ns1:MessageOriginatorId>GSA</ns1:MessageOriginatorId><ns1:MessageDestinationId>${xmlText(destination)}</ns1:MessageDestinationId>` +
    `</ns1:MessageAddress></ns1:ControlData>` +
    `<ns2:DriverLicenseIdentification><ns2:IdentificationID xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ns2:PersonNameTextType">${xmlText(applicant.state_id_number)}</ns2:IdentificationID></ns2:DriverLicenseIdentification>` +
    `<ns1:PersonBirthDate>${input.dob}</ns1:PersonBirthDate>` +
    `<ns2:PersonName><ns2:PersonGivenName>${xmlText(applicant.first_name)}</ns2:PersonGivenName>` +
    `<ns2:PersonSurName>${xmlText(applicant.last_name)}</ns2:PersonSurName></ns2:PersonName>` +
    (category ? `<ns1:DocumentCategoryCode>${category}</ns1:DocumentCategoryCode>` : '') +
    address +
    `</ns:verifyDriverLicenseDataRequest></ns:VerifyDriverLicenseData></soap:Body></soap:Envelope>`
  );
}
