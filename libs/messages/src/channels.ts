import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { MessageChannel } from '@backend/contracts';
import {
  InvalidMailError,
  MailDeliveryError,
  html,
  mailTemplate,
  registerSensitiveValues,
  type Mailer,
} from '@backend/platform';
import { DeliveryError } from './errors.js';
import type { MessageContent } from './message-store.js';
import { isUnavailable, wasAnswered } from './unavailable.js';

/** Hands one message to its provider and returns the provider's message id; throws `DeliveryError`. */
export type ChannelSender = (recipient: string, content: MessageContent) => Promise<string>;
export type Channels = Readonly<Record<MessageChannel, ChannelSender>>;

/** The mail of a message: its subject, its text as the plain part and, escaped and kept as written, the HTML. */
export const messageMail = mailTemplate('message', (content: MessageContent) => ({
  subject: content.subject,
  text: content.msg,
  html: html`<pre style="font-family: inherit; white-space: pre-wrap">${content.msg}</pre>`,
}));

/** Email through SES (`SendEmail`, the platform's mailer). */
export function emailChannel(mailer: Mailer): ChannelSender {
  return async (recipient, content) => {
    try {
      return (await mailer.send(messageMail, content, { to: recipient })).messageId;
    } catch (error) {
      if (error instanceof MailDeliveryError) {
        // Permanent only when SES answered with a refusal; a request that never got an answer is tried again.
        const permanent = wasAnswered(error.cause) && !error.retryable;
        throw new DeliveryError(error.sesError, permanent, { cause: error });
      }
      if (error instanceof InvalidMailError) throw new DeliveryError('InvalidMail', true, { cause: error });
      // No answer from SES (a dropped connection, a timeout): it may be tried again.
      throw new DeliveryError(error instanceof Error ? error.name : 'Unknown', false, { cause: error });
    }
  };
}

export interface SmsChannelOptions {
  /** `AWS.SNS.SMS.SenderID`, where the destination country supports one (1-11 alphanumeric characters). */
  readonly senderId?: string;
}

/** SMS through SNS `Publish` to the phone number, as a transactional text (SNS's higher delivery priority). */
export function smsChannel(sns: () => SNSClient, options: SmsChannelOptions = {}): ChannelSender {
  return async (recipient, content) => {
    registerSensitiveValues(recipient, content.msg);
    try {
      const { MessageId } = await sns().send(
        new PublishCommand({
          PhoneNumber: recipient,
          Message: content.msg,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(options.senderId === undefined
              ? {}
              : { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: options.senderId } }),
          },
        }),
      );
      if (MessageId === undefined) throw new DeliveryError('NoMessageId', false);
      return MessageId;
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const name = error instanceof Error ? error.name.replace(/Exception$/, '') : 'Unknown';
      // A dropped connection got no answer: retried, like throttling and SNS's own faults.
      throw new DeliveryError(name, wasAnswered(error) && !isUnavailable(error), { cause: error });
    }
  };
}
