import { html, mailTemplate, text } from '@backend/platform';

// The mails of the accounts service. Links are built by `pageLink` (URL-encoded, the token in the fragment), never
// taken from a caller; every value is escaped by `html`.

/** The pages (`libs/accounts/pages`) under the site's base URL. */
export const PAGES_PREFIX = '/accounts';

/**
 * A link to one of the pages with its parameters URL-encoded in the fragment: a fragment never reaches a server,
 * so the token stays out of CloudFront's and the API's access logs and out of any `Referer`.
 */
export function pageLink(
  baseUrl: string,
  page: 'verify' | 'reset-password' | 'login' | 'lost-password' | 'sign-up',
  params: Record<string, string> = {},
): string {
  const url = new URL(`${PAGES_PREFIX}/${page}.html`, baseUrl);
  const fragment = new URLSearchParams(params).toString();
  if (fragment !== '') url.hash = fragment;
  return url.toString();
}

export const verifyEmailMail = mailTemplate(
  'accounts-verify-email',
  (p: { link: string; hours: number }) => ({
    subject: 'Confirm your e-mail address',
    text: text`Someone (we hope you) signed up with this address.\n\nConfirm it within ${p.hours} hours by opening:\n${p.link}\n\nIf it was not you, ignore this mail: no account is used until the address is confirmed.\n`,
    html: html`<p>Someone (we hope you) signed up with this address.</p>
      <p><a href="${p.link}">Confirm your e-mail address</a> within ${p.hours} hours.</p>
      <p>If it was not you, ignore this mail: no account is used until the address is confirmed.</p>`,
  }),
);

export const alreadyRegisteredMail = mailTemplate(
  'accounts-already-registered',
  (p: { loginLink: string; resetLink: string }) => ({
    subject: 'You already have an account',
    text: text`Someone (we hope you) tried to sign up again with this address, which already has an account.\n\nLog in: ${p.loginLink}\nForgot the password? ${p.resetLink}\n\nIf it was not you, ignore this mail: nothing has changed.\n`,
    html: html`<p>
        Someone (we hope you) tried to sign up again with this address, which already has an account.
      </p>
      <p>
        <a href="${p.loginLink}">Log in</a> or, if you forgot the password,
        <a href="${p.resetLink}">reset it</a>.
      </p>
      <p>If it was not you, ignore this mail: nothing has changed.</p>`,
  }),
);

export const resetPasswordMail = mailTemplate(
  'accounts-reset-password',
  (p: { link: string; minutes: number }) => ({
    subject: 'Reset your password',
    text: text`Someone (we hope you) asked to reset the password of this account.\n\nChoose a new password within ${p.minutes} minutes:\n${p.link}\n\nIf it was not you, ignore this mail: the password stays as it is.\n`,
    html: html`<p>Someone (we hope you) asked to reset the password of this account.</p>
      <p><a href="${p.link}">Choose a new password</a> within ${p.minutes} minutes.</p>
      <p>If it was not you, ignore this mail: the password stays as it is.</p>`,
  }),
);

export const noAccountMail = mailTemplate('accounts-no-account', (p: { signUpLink: string }) => ({
  subject: 'Password reset requested',
  text: text`Someone (we hope you) asked to reset a password for this address, but it has no account.\n\nSign up: ${p.signUpLink}\n\nIf it was not you, ignore this mail.\n`,
  html: html`<p>Someone (we hope you) asked to reset a password for this address, but it has no account.</p>
    <p><a href="${p.signUpLink}">Sign up</a></p>
    <p>If it was not you, ignore this mail.</p>`,
}));
