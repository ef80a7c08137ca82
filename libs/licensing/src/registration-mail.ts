import { html, mailTemplate, text } from '@backend/platform';

// The registration's two mails. The link is built here from the configured URL (never from the request), with the
// token URL-encoded in the fragment: a fragment never reaches a server, so the token stays out of access logs and
// any `Referer`. Every value is escaped by `html`.

/** `<continueUrl>#token=<token>`; whatever fragment the configured URL had is replaced. */
export function registrationLink(continueUrl: string, token: string): string {
  const url = new URL(continueUrl);
  url.hash = new URLSearchParams({ token }).toString();
  return url.toString();
}

export const registrationLinkMail = mailTemplate(
  'licensing-registration-link',
  (p: { link: string; hours: number }) => ({
    subject: 'Continue your registration',
    text: text`Someone (we hope you) asked to register as a licensed practitioner with this address, and the details match a license.\n\nContinue within ${p.hours} hours by opening:\n${p.link}\n\nThe link works once. If it was not you, ignore this mail: nothing happens until the link is opened.\n`,
    html: html`<p>
        Someone (we hope you) asked to register as a licensed practitioner with this address, and the details
        match a license.
      </p>
      <p><a href="${p.link}">Continue your registration</a> within ${p.hours} hours. The link works once.</p>
      <p>If it was not you, ignore this mail: nothing happens until the link is opened.</p>`,
  }),
);

export const noMatchingLicenseMail = mailTemplate('licensing-registration-no-match', () => ({
  subject: 'Your registration request',
  text: text`Someone (we hope you) asked to register as a licensed practitioner with this address, but the details given match no license we hold.\n\nCheck them against your license (names, date of birth, the last four digits of the SSN, state, license type and compact) and try again, or ask your licensing board.\n\nIf it was not you, ignore this mail.\n`,
  html: html`<p>
      Someone (we hope you) asked to register as a licensed practitioner with this address, but the details
      given match no license we hold.
    </p>
    <p>
      Check them against your license (names, date of birth, the last four digits of the SSN, state, license
      type and compact) and try again, or ask your licensing board.
    </p>
    <p>If it was not you, ignore this mail.</p>`,
}));
