import { VendorError } from '../errors.js';
import type { ResolutionApplicant, ResolutionVendor } from '../resolution/types.js';
import { parseBirthDate } from '../shared/dates.js';
import type { VendorCallOptions, VendorVerdict } from '../types.js';
import { lexisNexisConfig, type LexisNexisConfig } from './config.js';
import { LexisNexisConversation, rdpDate, reference, type LexisNexisAnswer } from './conversation.js';
import type { LexisNexisClientOptions } from './phone-finder.js';
import { failedItems, verdictOf } from './verdict.js';

const LABEL = 'LexisNexis InstantVerify';

/**
 * With `dob_year_only` (set only when the state ID check matched the full date of birth) a failure whose only
 * failed check is the full-DOB match, while the year of birth matched, counts as a pass.
 */
function passesOnYearOfBirth(answer: LexisNexisAnswer): boolean {
  const failed = failedItems(answer);
  const failedProductsWithoutChecks = answer.products.some(
    (product) => product.status !== 'pass' && product.items.every((item) => item.status === 'pass'),
  );
  const yearMatched = answer.products.some((product) =>
    product.items.some((item) => item.name === 'DOBYearVerified' && item.status === 'pass'),
  );
  return (
    !failedProductsWithoutChecks &&
    failed.length > 0 &&
    failed.every((item) => item.name === 'DOBFullVerified') &&
    yearMatched
  );
}

/**
 * Identity resolution with LexisNexis InstantVerify: name, SSN, date of birth and address. A failed verdict
 * names the IDP attributes whose checks failed (`first_name`, `ssn`, `dob`, `address`, …) with the IDP's
 * messages, plus `base` with the transaction's reason code; nothing the vendor reflected back.
 */
export class LexisNexisInstantVerify implements ResolutionVendor {
  readonly name = 'lexisnexis:instant_verify';
  private readonly config: () => Promise<LexisNexisConfig>;
  private readonly conversation: LexisNexisConversation;

  constructor(options: LexisNexisClientOptions) {
    this.config = lexisNexisConfig(options.secretName, options.secrets);
    this.conversation = new LexisNexisConversation(LABEL, options.http);
  }

  async proof(applicant: ResolutionApplicant, options: VendorCallOptions): Promise<VendorVerdict> {
    const dob = parseBirthDate(applicant.dob);
    if (dob === null) throw new VendorError(`${LABEL} needs a valid date of birth`);
    const config = await this.config();
    const answer = await this.conversation.send(
      config,
      config.instantVerifyWorkflow,
      {
        Settings: {
          AccountNumber: config.accountId,
          Mode: config.requestMode,
          Reference: reference(applicant.uuid),
          Locale: 'en_US',
          Venue: 'online',
        },
        Person: {
          Name: { FirstName: applicant.first_name, LastName: applicant.last_name },
          SSN: { Number: applicant.ssn.replace(/\D/g, ''), Type: 'ssn9' },
          DateOfBirth: rdpDate(dob),
          Addresses: [
            {
              StreetAddress1: applicant.address1,
              StreetAddress2: applicant.address2 ?? '',
              City: applicant.city,
              State: applicant.state,
              Zip5: /^\d{5}/.exec(applicant.zipcode)?.[0] ?? '',
              Country: 'US',
              Context: 'primary',
            },
          ],
        },
      },
      options.signal,
    );
    if (answer.status === 'failed' && applicant.dob_year_only === true && passesOnYearOfBirth(answer)) {
      return verdictOf({ ...answer, status: 'passed' });
    }
    return verdictOf(answer);
  }
}
