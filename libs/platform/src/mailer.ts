import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { InvalidMailError, MailDeliveryError } from './errors.js';
import { logger as defaultLogger, registerSensitiveValues, type Logger } from './logger.js';
import type { SafeHtml } from './template.js';

/** What a template renders: the subject, the plain-text part and the HTML part (built with `html`). */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: SafeHtml;
}

/** A named, typed template; the name is what logs show of a mail. */
export interface MailTemplate<P> {
  readonly name: string;
  render(params: P): RenderedMail;
}

export const mailTemplate = <P>(name: string, render: (params: P) => RenderedMail): MailTemplate<P> => ({
  name,
  render,
});

export interface MailRecipients {
  readonly to: string | readonly string[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
  readonly replyTo?: readonly string[];
}

export interface MailerOptions {
  /** A verified SES identity: `no-reply@example.gov` or `Licensing <no-reply@example.gov>`. */
  readonly from: string;
  /** The SES configuration set (event publishing, suppression) each mail is sent with. */
  readonly configurationSetName?: string;
  /** Default: an `SESClient` (region and credentials from the environment) created on first send. */
  readonly sesClient?: SESClient;
  readonly logger?: Logger;
}

export interface SentMail {
  readonly messageId: string;
}

export interface Mailer {
  /**
   * Renders `template` with `params` and sends it through SES `SendEmail`. Throws `InvalidMailError` (400) for a bad
   * address or subject, `TemplateValueError` for a value a template cannot render, `MailDeliveryError` when SES
   * refuses. Recipients and parameters are registered as sensitive, so no log line shows them.
   */
  send<P>(template: MailTemplate<P>, params: P, recipients: MailRecipients): Promise<SentMail>;
}

/** SES's limit of recipients (To, Cc and Bcc together) per message. */
export const MAX_MAIL_RECIPIENTS = 50;

// A plain address as SES takes it: ASCII local part, ASCII (punycode) domain with a dot. No display name, comments or
// line breaks, so a recipient can never add a header or another recipient.
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}$/;

/** Whether `value` is a plain address the mailer sends to (what `send` checks every recipient against). */
export const isMailAddress = (value: string): boolean =>
  typeof value === 'string' && value.length <= 254 && ADDRESS.test(value);

function checkedAddresses(field: string, addresses: readonly string[]): string[] {
  for (const address of addresses) {
    if (!isMailAddress(address)) {
      throw new InvalidMailError(`${field} holds an address that is not a plain email address`, { field });
    }
  }
  return [...addresses];
}

const RETRYABLE_SES_ERRORS = new Set([
  'Throttling',
  'ThrottlingException',
  'ServiceUnavailable',
  'InternalFailure',
]);

function deliveryError(error: unknown): MailDeliveryError {
  const name = error instanceof Error ? error.name : 'Unknown';
  const fault = (error as { $fault?: unknown } | undefined)?.$fault;
  return new MailDeliveryError(name, RETRYABLE_SES_ERRORS.has(name) || fault === 'server', { cause: error });
}

/** A mailer over SES (v1 `SendEmail`, as the design names `@aws-sdk/client-ses`); nothing is created until a send. */
export function createMailer(options: MailerOptions | (() => MailerOptions)): Mailer {
  let ses: SESClient | undefined;
  let resolved: MailerOptions | undefined;
  const settings = () => (resolved ??= typeof options === 'function' ? options() : options);

  return {
    async send(template, params, recipients) {
      const { from, configurationSetName, sesClient, logger = defaultLogger } = settings();
      registerSensitiveValues(recipients, params as unknown);
      const to = checkedAddresses('to', typeof recipients.to === 'string' ? [recipients.to] : recipients.to);
      const cc = checkedAddresses('cc', recipients.cc ?? []);
      const bcc = checkedAddresses('bcc', recipients.bcc ?? []);
      const replyTo = checkedAddresses('replyTo', recipients.replyTo ?? []);
      if (to.length === 0) throw new InvalidMailError('to needs at least one address', { field: 'to' });
      if (to.length + cc.length + bcc.length > MAX_MAIL_RECIPIENTS) {
        throw new InvalidMailError(`A mail has at most ${MAX_MAIL_RECIPIENTS} recipients`, { field: 'to' });
      }

      const rendered = template.render(params);
      registerSensitiveValues(rendered.subject);
      if (/[\r\n]/.test(rendered.subject) || rendered.subject.trim() === '') {
        throw new InvalidMailError(
          `Template ${template.name} rendered an empty subject or one with a line break`,
          {
            field: 'subject',
          },
        );
      }

      ses ??= sesClient ?? new SESClient({});
      let messageId: string | undefined;
      try {
        ({ MessageId: messageId } = await ses.send(
          new SendEmailCommand({
            Source: from,
            // Empty lists are left out: the Query protocol would send them as empty parameters.
            Destination: {
              ToAddresses: to,
              ...(cc.length > 0 ? { CcAddresses: cc } : {}),
              ...(bcc.length > 0 ? { BccAddresses: bcc } : {}),
            },
            ...(replyTo.length > 0 ? { ReplyToAddresses: replyTo } : {}),
            Message: {
              Subject: { Data: rendered.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: rendered.text, Charset: 'UTF-8' },
                Html: { Data: rendered.html.toString(), Charset: 'UTF-8' },
              },
            },
            ...(configurationSetName === undefined ? {} : { ConfigurationSetName: configurationSetName }),
          }),
        ));
      } catch (error) {
        throw deliveryError(error);
      }
      if (messageId === undefined) throw new MailDeliveryError('NoMessageId', true);
      logger.info('Mail sent', {
        template: template.name,
        message_id: messageId,
        recipients: to.length + cc.length + bcc.length,
      });
      return { messageId };
    },
  };
}
