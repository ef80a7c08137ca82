/**
 * The key of an account: the address in Unicode NFKC, trimmed and lower-cased. The schema already admits only
 * ASCII addresses (what SES can deliver), so this folds case only. RFC 5321 lets a local part be case-sensitive,
 * but no mail provider in use treats it so, and two accounts for `Ann@x.gov` and `ann@x.gov` would be one
 * person's mailbox twice.
 */
export const normaliseEmail = (email: string): string => email.normalize('NFKC').trim().toLowerCase();
