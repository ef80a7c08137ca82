import type { HttpClient } from '@backend/platform';
import type { AddressApplicant, AddressVendor } from '../address/types.js';
import { VendorError } from '../errors.js';
import { parseBirthDate } from '../shared/dates.js';
import { nationalNumber } from '../shared/phone.js';
import type { SecretSource } from '../shared/secret-config.js';
import type { VendorCallOptions, VendorVerdict } from '../types.js';
import { lexisNexisConfig, type LexisNexisConfig } from './config.js';
import { LexisNexisConversation, rdpDate, reference } from './conversation.js';
import { verdictOf } from './verdict.js';

export interface LexisNexisClientOptions {
  /** Name or ARN of the Secrets Manager secret holding the LexisNexis configuration. */
  secretName: string;
  secrets?: SecretSource;
  /** The outbound HTTP client; `httpRequest` of @backend/platform (proxy, timeouts, size cap) by default. */
  http?: HttpClient;
}

const LABEL = 'LexisNexis PhoneFinder';

/**
 * Address proofing with LexisNexis PhoneFinder: does the phone number belong to the applicant? A failed
 * verdict carries `{ phone: ['The phone number could not be verified.'] }` and the transaction's reason code.
 */
export class LexisNexisPhoneFinder implements AddressVendor {
  readonly name = 'lexisnexis:phone_finder';
  private readonly config: () => Promise<LexisNexisConfig>;
  private readonly conversation: LexisNexisConversation;

  constructor(options: LexisNexisClientOptions) {
    this.config = lexisNexisConfig(options.secretName, options.secrets);
    this.conversation = new LexisNexisConversation(LABEL, options.http);
  }

  async proof(applicant: AddressApplicant, options: VendorCallOptions): Promise<VendorVerdict> {
    const dob = parseBirthDate(applicant.dob);
    if (dob === null) throw new VendorError(`${LABEL} needs a valid date of birth`);
    const config = await this.config();
    const answer = await this.conversation.send(
      config,
      config.phoneFinderWorkflow,
      {
        Settings: {
          AccountNumber: config.accountId,
          Mode: config.requestMode,
          Reference: reference(applicant.uuid, applicant.uuid_prefix),
          Locale: 'en_US',
          Venue: 'online',
        },
        Person: {
          Name: { FirstName: applicant.first_name, LastName: applicant.last_name },
          SSN: { Number: applicant.ssn.replace(/\D/g, ''), Type: 'ssn9' },
          DateOfBirth: rdpDate(dob),
          Phones: [{ Number: nationalNumber(applicant.phone) }],
        },
      },
      options.signal,
    );
    return verdictOf(answer, { everyFailure: 'phone' });
  }
}
