import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WaitTimeoutError } from './errors.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface CallbackReceiverOptions {
  /** The status to answer (e.g. 401 to play an IDP that rejects the token); 200 by default. */
  readonly status?: number | ((request: RecordedRequest) => number);
  /** Answers each request itself instead (e.g. a redirect, or never, to play a hanging IDP). */
  readonly respond?: (request: RecordedRequest, response: ServerResponse) => void;
}

export interface CallbackReceiver {
  /** `http://127.0.0.1:<port>`: append a path to get a callback_url. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** The next request not yet returned by an earlier call, waiting up to `timeoutMs` for it. */
  waitForRequest(timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** A 127.0.0.1 HTTP server that records every request: plays the IDP's callback endpoint. */
export async function startCallbackReceiver(
  options: CallbackReceiverOptions = {},
): Promise<CallbackReceiver> {
  const requests: RecordedRequest[] = [];
  const waiters: (() => void)[] = [];
  let handedOut = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      for (const wake of waiters.splice(0)) wake();
      if (options.respond) return options.respond(request, res);
      const status = typeof options.status === 'function' ? options.status(request) : (options.status ?? 200);
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async waitForRequest(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length <= handedOut) {
        const left = deadline - Date.now();
        if (left <= 0) throw new WaitTimeoutError(`No request within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return requests[handedOut++]!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
