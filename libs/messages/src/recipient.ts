import { MAX_SMS_MESSAGE_CHARACTERS, type MessageChannel } from '@backend/contracts';
import { ValidationError, isMailAddress } from '@backend/platform';

/** E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all. */
export const E164_PHONE = /^\+[1-9]\d{6,14}$/;

/**
 * The mailbox a recipient is stored under, checked for its channel: an email address in lower case (mailboxes
 * compare without case), or an E.164 number as given. `ValidationError` on `msg_id` otherwise.
 */
export function mailboxOf(msgId: string, channel: MessageChannel): string {
  if (channel === 'sms') {
    if (!E164_PHONE.test(msgId)) {
      throw new ValidationError('msg_id must be an E.164 phone number (+12025550147) for channel sms', {
        field: 'msg_id',
      });
    }
    return msgId;
  }
  if (!isMailAddress(msgId)) {
    throw new ValidationError('msg_id must be a plain email address for channel email', { field: 'msg_id' });
  }
  return msgId.toLowerCase();
}

/** The mailbox named in a read (`GET /msg?msg_id=`): its channel is told by its form. */
export function mailboxToRead(msgId: string | undefined): string {
  if (msgId === undefined || msgId === '') {
    throw new ValidationError('msg_id is required', { field: 'msg_id' });
  }
  if (msgId.startsWith('+')) return mailboxOf(msgId, 'sms');
  if (!isMailAddress(msgId)) {
    throw new ValidationError('msg_id must be an email address or an E.164 phone number', {
      field: 'msg_id',
    });
  }
  return msgId.toLowerCase();
}

/** An SMS carries at most SNS's 1,600 characters (counted as code points, as SNS counts characters). */
export function checkSmsLength(msg: string): void {
  if ([...msg].length > MAX_SMS_MESSAGE_CHARACTERS) {
    throw new ValidationError(
      `msg must be at most ${MAX_SMS_MESSAGE_CHARACTERS} characters for channel sms`,
      {
        field: 'msg',
      },
    );
  }
}

/** The domain of an email mailbox, lower case; undefined for a phone number. */
export const domainOf = (mailbox: string): string | undefined => {
  const at = mailbox.lastIndexOf('@');
  return at < 0 ? undefined : mailbox.slice(at + 1).toLowerCase();
};
