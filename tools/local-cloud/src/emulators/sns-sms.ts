import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeXml, sendAwsError } from '../edge/aws-errors.js';
import { AwsServiceError } from '../edge/json-rpc.js';

/**
 * SNS `Publish` to a phone number (SMS), which fauxqs does not serve: the edge answers it here, keeps each text in
 * an outbox instead of sending it, and shows the outbox as a page (`/_local-cloud/sms`) and as JSON
 * (`/_local-cloud/sms/store`), as aws-ses-v2-local does for mail. Publish to a topic or endpoint still goes to
 * fauxqs. What AWS refuses, this refuses with AWS's error: a number not in E.164, an empty message, more than
 * SNS's 1,600 characters per SMS Publish.
 */

/** One text the local cloud "sent". */
export interface SmsMessage {
  readonly messageId: string;
  readonly phoneNumber: string;
  readonly message: string;
  /** `AWS.SNS.SMS.SMSType` (`Transactional`, `Promotional`) and `AWS.SNS.SMS.SenderID`, when given. */
  readonly attributes: Readonly<Record<string, string>>;
  /** ISO 8601. */
  readonly sentAt: string;
}

/** SNS's limit for one SMS Publish, in characters (each SMS part holds 140 bytes; SNS splits longer texts). */
export const MAX_SMS_CHARACTERS = 1600;
// E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all.
const E164 = /^\+[1-9]\d{1,14}$/;
const OUTBOX_PATH = '/_local-cloud/sms';
// Kept in memory only, newest last; the oldest go first past this many.
const MAX_KEPT = 1000;

/** `MessageAttributes.entry.N.Name` / `.Value.StringValue` of a query-protocol request, by name. */
function messageAttributesOf(form: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const value = form.get(`MessageAttributes.entry.${n}.Value.StringValue`);
    if (value !== null) attributes[form.get(`MessageAttributes.entry.${n}.Name`)!] = value;
  }
  return attributes;
}

export class SmsOutbox {
  private readonly sent: SmsMessage[] = [];

  /** The texts published so far, oldest first. */
  messages(): readonly SmsMessage[] {
    return [...this.sent];
  }

  /** Whether a query-protocol SNS request is a Publish to a phone number (which this outbox serves). */
  static isSmsPublish(form: URLSearchParams): boolean {
    return form.get('Action') === 'Publish' && form.has('PhoneNumber');
  }

  /** Records the text of a Publish to `PhoneNumber`, or throws AWS's error for it. */
  publish(form: URLSearchParams): SmsMessage {
    const phoneNumber = form.get('PhoneNumber') ?? '';
    if (form.has('TopicArn') || form.has('TargetArn')) {
      throw new AwsServiceError(
        'InvalidParameter',
        'Invalid parameter: PhoneNumber Reason: Only one of PhoneNumber, TopicArn or TargetArn may be given',
      );
    }
    if (!E164.test(phoneNumber)) {
      throw new AwsServiceError(
        'InvalidParameter',
        `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid to publish to`,
      );
    }
    const message = form.get('Message') ?? '';
    if (message.length === 0)
      throw new AwsServiceError('InvalidParameter', 'Invalid parameter: Empty message');
    if ([...message].length > MAX_SMS_CHARACTERS) {
      throw new AwsServiceError('InvalidParameter', 'Invalid parameter: Message too long');
    }
    const sms: SmsMessage = {
      messageId: randomUUID(),
      phoneNumber,
      message,
      attributes: messageAttributesOf(form),
      sentAt: new Date().toISOString(),
    };
    this.sent.push(sms);
    if (this.sent.length > MAX_KEPT) this.sent.shift();
    return sms;
  }

  /** Answers a Publish to a phone number as SNS does (`PublishResponse` XML with the message id). */
  servePublish(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
    try {
      const { messageId } = this.publish(form);
      const requestId = randomUUID();
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`;
      res.writeHead(200, {
        'content-type': 'text/xml',
        'content-length': Buffer.byteLength(body),
        'x-amzn-requestid': requestId,
      });
      res.end(body);
    } catch (error) {
      // Sent in SNS's query-protocol shape: `<ErrorResponse><Error><Type>Sender</Type><Code>…`.
      if (!(error instanceof AwsServiceError)) throw error;
      sendAwsError(req, res, error.status, error.code, error.message, 'query');
    }
  }

  /** `GET /_local-cloud/sms` (the page) and `/_local-cloud/sms/store` (JSON); false for any other path. */
  serveOutbox(req: IncomingMessage, res: ServerResponse): boolean {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path !== OUTBOX_PATH && path !== `${OUTBOX_PATH}/` && path !== `${OUTBOX_PATH}/store`) return false;
    if (req.method !== 'GET') {
      req.resume();
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('Use GET');
      return true;
    }
    if (path.endsWith('/store')) {
      const body = JSON.stringify({ messages: this.messages() });
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
      return true;
    }
    const rows = [...this.sent]
      .reverse()
      .map(
        (m) =>
          `<tr><td>${escapeXml(m.sentAt)}</td><td>${escapeXml(m.phoneNumber)}</td><td>${escapeXml(m.attributes['AWS.SNS.SMS.SenderID'] ?? '')}</td><td><pre>${escapeXml(m.message)}</pre></td><td><code>${m.messageId}</code></td></tr>`,
      )
      .join('\n');
    const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local SMS outbox</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap}</style>
</head><body><h1>Local SMS outbox</h1>
<p>Texts published to phone numbers through SNS, newest first (${this.sent.length}). Nothing is sent. As JSON: <a href="${OUTBOX_PATH}/store">${OUTBOX_PATH}/store</a>.</p>
<table><thead><tr><th>sent</th><th>to</th><th>sender id</th><th>message</th><th>message id</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
    return true;
  }
}
