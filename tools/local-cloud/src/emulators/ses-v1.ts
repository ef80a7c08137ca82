import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeXml } from '../edge/aws-errors.js';

/**
 * SES v1 `SendEmail` (query protocol). aws-ses-v2-local's own v1 handler keeps only the first To, Cc, Bcc and
 * Reply-To address (its schema names `member.1` alone); its v2 `SendEmail` keeps every one. So the edge answers a
 * v1 SendEmail through the v2 operation, every address and the rest of the request carried over, in v1's XML.
 */
export const isSesV1SendEmail = (form: URLSearchParams): boolean => form.get('Action') === 'SendEmail';

/** The values of a query-protocol list (`<prefix>.member.1`, `.member.2`, ...), in member order. */
function members(form: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let n = 1; form.has(`${prefix}.member.${n}`); n += 1) values.push(form.get(`${prefix}.member.${n}`)!);
  return values;
}

const content = (form: URLSearchParams, prefix: string) =>
  form.has(`${prefix}.Data`)
    ? {
        Data: form.get(`${prefix}.Data`)!,
        ...(form.has(`${prefix}.Charset`) ? { Charset: form.get(`${prefix}.Charset`)! } : {}),
      }
    : undefined;

/** The v2 request that says what a v1 SendEmail says. */
export function v2SendEmailOf(form: URLSearchParams): Record<string, unknown> {
  const tags: { Name: string; Value: string }[] = [];
  for (let n = 1; form.has(`Tags.member.${n}.Name`); n += 1) {
    tags.push({ Name: form.get(`Tags.member.${n}.Name`)!, Value: form.get(`Tags.member.${n}.Value`) ?? '' });
  }
  const text = content(form, 'Message.Body.Text');
  const html = content(form, 'Message.Body.Html');
  return {
    ...(form.has('Source') ? { FromEmailAddress: form.get('Source') } : {}),
    Destination: {
      ToAddresses: members(form, 'Destination.ToAddresses'),
      CcAddresses: members(form, 'Destination.CcAddresses'),
      BccAddresses: members(form, 'Destination.BccAddresses'),
    },
    ReplyToAddresses: members(form, 'ReplyToAddresses'),
    ...(form.has('ConfigurationSetName') ? { ConfigurationSetName: form.get('ConfigurationSetName') } : {}),
    ...(tags.length > 0 ? { EmailTags: tags } : {}),
    Content: {
      Simple: {
        Subject: content(form, 'Message.Subject') ?? { Data: '' },
        Body: { ...(text ? { Text: text } : {}), ...(html ? { Html: html } : {}) },
      },
    },
  };
}

/** Sends a v1 SendEmail to aws-ses-v2-local as v2 and answers in v1's shape (its refusals as they come). */
export async function serveSesV1SendEmail(
  req: IncomingMessage,
  res: ServerResponse,
  form: URLSearchParams,
  sesPort: number,
): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${sesPort}/v2/email/outbound-emails`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
    body: JSON.stringify(v2SendEmailOf(form)),
  });
  const text = await response.text();
  if (!response.ok) {
    res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'text/plain' });
    res.end(text);
    return;
  }
  const { MessageId } = JSON.parse(text) as { MessageId: string };
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">` +
    `<SendEmailResult><MessageId>${escapeXml(MessageId)}</MessageId></SendEmailResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></SendEmailResponse>`;
  res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
