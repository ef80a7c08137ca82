import {
  Agent,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sendAwsError } from './aws-errors.js';

export interface ProxyOptions {
  /** A body already read (small JSON APIs); without it the request is streamed through. */
  readonly body?: Buffer | undefined;
  readonly headers?: OutgoingHttpHeaders;
  /** Headers added to the response, replacing the upstream's of the same name (e.g. S3's CORS headers). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Rewrites a (small) response body; the response is then buffered instead of streamed. */
  readonly transformResponse?: (body: Buffer) => Buffer;
  /** Called once the upstream answered and its whole body reached the client. */
  readonly onComplete?: (status: number, headers: IncomingMessage['headers']) => void;
}

/** Keep-alive connections to one local cloud's emulators, closed with it. */
export function createUpstreamAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 64 });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function rawHeadersWithout(
  raw: string[],
  drop: Set<string>,
  extra: Readonly<Record<string, string>> = {},
): string[] {
  const replaced = new Set(Object.keys(extra).map((name) => name.toLowerCase()));
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!drop.has(name) && !replaced.has(name)) kept.push(raw[i]!, raw[i + 1]!);
  }
  for (const [name, value] of Object.entries(extra)) kept.push(name, value);
  return kept;
}

/**
 * Forwards a request to an emulator on 127.0.0.1 and streams the answer back, bytes untouched (S3 bodies are
 * binary and may be large). A dead emulator becomes an AWS-style 503, an aborted client aborts the upstream call.
 */
export async function proxyTo(
  agent: Agent,
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
  options: ProxyOptions = {},
): Promise<void> {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  }
  Object.assign(headers, options.headers);
  if (options.body !== undefined) {
    delete headers['transfer-encoding'];
    headers['content-length'] = options.body.length;
  }
  const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent });
  const closedEarly = () => {
    if (!res.writableFinished) upstream.destroy();
  };
  res.once('close', closedEarly);
  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      upstream.once('response', resolve);
      upstream.once('error', reject);
      if (options.body !== undefined) upstream.end(options.body);
      else pipeline(req, upstream).catch(reject);
    });
    const status = response.statusCode ?? 502;
    if (options.transformResponse === undefined) {
      res.writeHead(status, rawHeadersWithout(response.rawHeaders, HOP_BY_HOP, options.responseHeaders));
      await pipeline(response, res);
    } else {
      const chunks: Buffer[] = [];
      for await (const chunk of response as AsyncIterable<Buffer>) chunks.push(chunk);
      const body = options.transformResponse(Buffer.concat(chunks));
      const drop = new Set([...HOP_BY_HOP, 'content-length', 'transfer-encoding']);
      res.writeHead(status, [
        ...rawHeadersWithout(response.rawHeaders, drop, options.responseHeaders),
        'content-length',
        String(body.length),
      ]);
      res.end(body);
    }
    options.onComplete?.(status, response.headers);
  } catch {
    if (!res.headersSent) {
      sendAwsError(
        req,
        res,
        503,
        'ServiceUnavailable',
        'The local emulator for this service is not answering',
      );
    } else {
      res.destroy();
    }
  } finally {
    res.off('close', closedEarly);
  }
}
