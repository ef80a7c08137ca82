import type { VendorVerdict } from '../types.js';
import type { LexisNexisAnswer, LexisNexisItem } from './conversation.js';

// The tables below are Maps: they are looked up by names from the vendor's answer, which must never find an
// inherited member such as `constructor`.

/** The IDP's messages per attribute of its forms. */
export const ATTRIBUTE_MESSAGES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    first_name: 'Unverified first name.',
    last_name: 'Unverified last name.',
    ssn: 'Unverified SSN.',
    dob: 'Unverified date of birth.',
    address: 'Unverified address.',
    zipcode: 'Unverified ZIP code.',
    phone: 'The phone number could not be verified.',
    state_id_number: 'Unverified state ID number.',
    dead: 'The identity could not be verified.',
  }),
);

/** InstantVerify check names -> IDP attributes (the IDP's CheckToAttributeMapper, plus the name checks). */
const CHECK_ATTRIBUTES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    FirstName: 'first_name',
    LastName: 'last_name',
    Addr1Zip_StateMatch: 'address',
    SsnFullNameMatch: 'ssn',
    SsnDeathMatchVerification: 'dead',
    SSNSSAValid: 'ssn',
    IdentityOccupancyVerified: 'address',
    AddrDeliverable: 'address',
    AddrNotHighRisk: 'address',
    DOBFullVerified: 'dob',
    DOBYearVerified: 'dob',
    LexIDDeathMatch: 'dead',
    DriversLicense: 'state_id_number',
    DriversLicenseVerification: 'state_id_number',
  }),
);

/** ItemReason codes (e.g. `first_name_does_not_match`) -> IDP attributes, for checks the table above lacks. */
const REASON_ATTRIBUTES: readonly [RegExp, string][] = [
  [/first_?name/i, 'first_name'],
  [/last_?name|surname/i, 'last_name'],
  [/ssn/i, 'ssn'],
  [/dob|birth/i, 'dob'],
  [/zip/i, 'zipcode'],
  [/addr/i, 'address'],
  [/phone/i, 'phone'],
  [/death|deceased/i, 'dead'],
  [/drivers?_?license/i, 'state_id_number'],
];

function attributeOf(item: LexisNexisItem): string | null {
  const byName = item.name === null ? undefined : CHECK_ATTRIBUTES.get(item.name);
  if (byName) return byName;
  const code = item.reasonCode;
  return code === null ? null : (REASON_ATTRIBUTES.find(([pattern]) => pattern.test(code))?.[1] ?? null);
}

/** The IDP's own text for a failed transaction (its VerificationErrorParser), made of a code at most. */
const baseMessage = (answer: LexisNexisAnswer): string =>
  answer.reasonCode === null
    ? 'Verification failed without a reason code'
    : `Verification failed with code: '${answer.reasonCode}'`;

/** The failed checks of every product that did not pass. */
export const failedItems = (answer: LexisNexisAnswer): LexisNexisItem[] =>
  answer.products
    .filter((product) => product.status !== 'pass')
    .flatMap((product) => product.items.filter((item) => item.status !== 'pass'));

/**
 * A verdict from an RDP answer: `passed` passes; `failed` fails with `base` (the transaction's reason code)
 * and one IDP message per attribute whose check failed. `everyFailure` names an attribute that every failure
 * counts against (PhoneFinder verifies the phone and nothing else).
 */
export function verdictOf(answer: LexisNexisAnswer, options: { everyFailure?: string } = {}): VendorVerdict {
  const verdict = { messages: [], transaction_id: answer.conversationId };
  if (answer.status === 'passed') return { success: true, errors: {}, ...verdict };
  const attributes = new Set<string>();
  if (options.everyFailure) attributes.add(options.everyFailure);
  else for (const item of failedItems(answer)) attributes.add(attributeOf(item) ?? 'base');
  const errors = new Map<string, string[]>([['base', [baseMessage(answer)]]]);
  for (const attribute of [...attributes].sort()) {
    if (attribute === 'base') continue;
    errors.set(attribute, [ATTRIBUTE_MESSAGES.get(attribute) ?? 'Unverified.']);
  }
  return { success: false, errors: Object.fromEntries(errors), ...verdict };
}
