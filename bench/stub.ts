import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned answer: `body` is sent as JSON unless it is a string. */
export interface StubResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Answers, keyed by the request's `X-Amz-Target` (AWS JSON protocols, e.g. `AmazonSSM.GetParameter`)
 * or by `<METHOD> <path>` (e.g. `POST /callback`). Anything else gets 200 and `{}`.
 */
export type StubResponses = Record<string, StubResponse>;

export interface Stub {
  url: string;
  /** Requests answered so far, as `<target or METHOD path>`, for the report of what an invoke did. */
  requests: string[];
  close: () => Promise<void>;
}

/** The only network peer of a measured function: a server on 127.0.0.1 standing in for AWS and callbacks. */
export async function startStub(responses: () => StubResponses): Promise<Stub> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const path = new URL(request.url ?? '/', 'http://stub').pathname;
      const key = typeof target === 'string' ? target : `${request.method ?? 'GET'} ${path}`;
      requests.push(key);
      const answer = responses()[key] ?? {};
      const body = answer.body ?? {};
      const json = typeof body !== 'string';
      response.writeHead(answer.status ?? 200, {
        'content-type': typeof target === 'string' ? 'application/x-amz-json-1.1' : 'application/json',
        ...answer.headers,
      });
      response.end(json ? JSON.stringify(body) : body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
