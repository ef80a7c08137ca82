import { setTimeout as sleep } from 'node:timers/promises';
import { WaitTimeoutError } from './errors.js';

/** One mail as the local SES (aws-ses-v2-local) stored it. */
export interface SentMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
}

/**
 * Every mail the local SES holds for `address` (in To), oldest first. The emulator keeps one store per process, so
 * tests use addresses of their own.
 */
export async function mailsTo(sesUrl: string, address: string): Promise<SentMail[]> {
  const response = await fetch(`${sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: SentMail[] };
  const wanted = address.toLowerCase();
  return emails.filter((mail) => mail.destination.to.some((to) => to.toLowerCase() === wanted));
}

/** Waits (polling every 25 ms) until `address` has more than `already` mails, and returns the newest. */
export async function waitForMail(
  sesUrl: string,
  address: string,
  options: { already?: number; timeoutMs?: number } = {},
): Promise<SentMail> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const mails = await mailsTo(sesUrl, address);
    if (mails.length > (options.already ?? 0)) return mails[mails.length - 1]!;
    if (Date.now() > deadline) throw new WaitTimeoutError(`no new mail for the address within the timeout`);
    await sleep(25);
  }
}
