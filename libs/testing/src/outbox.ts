import { WaitTimeoutError } from './errors.js';

/** One mail as the local SES (aws-ses-v2-local) keeps it at `<sesUrl>/store`. */
export interface SentMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  /** Unix seconds. */
  readonly at: number;
}

/** One text as the local cloud's SMS outbox keeps it at `<smsUrl>/store`. */
export interface SentSms {
  readonly messageId: string;
  readonly phoneNumber: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly sentAt: string;
}

/**
 * Every mail the local SES has taken, oldest first. The store is per process: two local clouds in one test file
 * share it, so look a mail up by its SES message id.
 */
export async function sentMail(cloud: { readonly sesUrl: string }): Promise<SentMail[]> {
  const response = await fetch(`${cloud.sesUrl}/store`);
  return ((await response.json()) as { emails: SentMail[] }).emails;
}

/** Every text published to a phone number through the local cloud's SNS, oldest first. */
export async function sentSms(cloud: { readonly smsUrl: string }): Promise<SentSms[]> {
  const response = await fetch(`${cloud.smsUrl}/store`);
  return ((await response.json()) as { messages: SentSms[] }).messages;
}

/**
 * Polls `check` every 25 ms until it returns something other than undefined; `WaitTimeoutError` after
 * `timeoutMs` (10 s). For outcomes that arrive asynchronously (an SQS consumer's work), never for timing.
 */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new WaitTimeoutError(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every mail the local SES holds for `address` (in To, Cc or Bcc), oldest first; tests use addresses of their own. */
export async function mailsTo(sesUrl: string, address: string): Promise<SentMail[]> {
  const wanted = address.toLowerCase();
  return (await sentMail({ sesUrl })).filter(({ destination }) =>
    [...destination.to, ...destination.cc, ...destination.bcc].some((to) => to.toLowerCase() === wanted),
  );
}

/** Waits until `address` has more than `already` mails, and returns the newest. */
export function waitForMail(
  sesUrl: string,
  address: string,
  options: { already?: number; timeoutMs?: number } = {},
): Promise<SentMail> {
  return waitFor(async () => {
    const mails = await mailsTo(sesUrl, address);
    return mails.length > (options.already ?? 0) ? mails[mails.length - 1] : undefined;
  }, options.timeoutMs);
}
