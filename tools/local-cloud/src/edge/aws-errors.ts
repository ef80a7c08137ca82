import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** The wire protocol a request speaks, which decides the shape of an error it can understand. */
export type Protocol = 'json' | 'rest-json' | 'query' | 'rest-xml';

export function protocolOf(req: IncomingMessage): Protocol {
  const contentType = req.headers['content-type'] ?? '';
  if (req.headers['x-amz-target'] !== undefined || contentType.includes('application/x-amz-json'))
    return 'json';
  if (contentType.includes('application/x-www-form-urlencoded')) return 'query';
  if (contentType.includes('json') || (req.headers.accept ?? '').includes('json')) return 'rest-json';
  return 'rest-xml';
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sendJsonError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  contentType = 'application/x-amz-json-1.1',
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(body);
}

/** An error in the shape each protocol's SDK deserializer reads (`__type`, `<Error><Code>`, `<ErrorResponse>`). */
export function sendAwsError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  protocol: Protocol = protocolOf(req),
): void {
  if (protocol === 'json' || protocol === 'rest-json') {
    sendJsonError(
      res,
      status,
      code,
      message,
      protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json',
    );
    return;
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const requestId = randomUUID();
  const body =
    protocol === 'query'
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  res.end(body);
}
