import { request as httpRequestRaw, type IncomingHttpHeaders, type Agent } from 'node:http';
import { request as httpsRequestRaw } from 'node:https';
import { getProxyForUrl } from 'proxy-from-env';
import { OutboundHttpError } from './errors.js';

export interface OutboundRequest {
  url: URL | string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborts the request, e.g. at the job's deadline. */
  signal?: AbortSignal;
  /** Gives up on this one request after this long (10 s by default). */
  timeoutMs?: number;
  /** Refuses a larger response body rather than buffering it (1 MiB by default). */
  maxResponseBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends one HTTP request and buffers the answer; injectable wherever code calls out. */
export type HttpClient = (request: OutboundRequest) => Promise<OutboundResponse>;

const proxyAgents = new Map<string, Agent>();

/**
 * The agent for HTTPS_PROXY / HTTP_PROXY (minus NO_PROXY) for this URL, or undefined to go direct. The proxy agent's
 * package (with `debug` and node:assert) is imported only when a proxy is set: no function loads it on a cold start.
 */
async function agentFor(url: URL): Promise<Agent | undefined> {
  const proxy = getProxyForUrl(url.href);
  if (!proxy) return undefined;
  let agent = proxyAgents.get(proxy);
  if (!agent) {
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    agent = proxyAgents.get(proxy) ?? (new HttpsProxyAgent(proxy, { keepAlive: true }) as unknown as Agent);
    proxyAgents.set(proxy, agent);
  }
  return agent;
}

/**
 * Every outbound call of a function (vendors, callbacks) goes through here: HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY are honoured (Node 20's fetch ignores them), redirects are never followed, and a request ends
 * by its own timeout or the caller's signal, whichever comes first. Errors say what happened, never what
 * the peer answered.
 */
export const httpRequest: HttpClient = async (request) => {
  const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  const { timeoutMs = 10_000, maxResponseBytes = 1 << 20 } = request;
  const send = url.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
  const agent = await agentFor(url);
  const signals = [AbortSignal.timeout(timeoutMs), ...(request.signal ? [request.signal] : [])];
  const signal = AbortSignal.any(signals);

  return new Promise<OutboundResponse>((resolve, reject) => {
    if (signal.aborted) return reject(abortError(request.signal));
    const req = send(
      url,
      { method: request.method ?? 'GET', headers: request.headers, signal, ...(agent ? { agent } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            req.destroy(new OutboundHttpError('too-large', `response larger than ${maxResponseBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', (error) => reject(classify(error, request.signal)));
      },
    );
    req.on('error', (error) => reject(classify(error, request.signal)));
    req.end(request.body);
  });
};

function abortError(callerSignal: AbortSignal | undefined): OutboundHttpError {
  return callerSignal?.aborted
    ? new OutboundHttpError('aborted', 'request aborted by the caller')
    : new OutboundHttpError('timeout', 'request timed out');
}

function classify(error: Error, callerSignal: AbortSignal | undefined): OutboundHttpError {
  if (error instanceof OutboundHttpError) return error;
  if (error.name === 'AbortError') return abortError(callerSignal);
  const code = (error as NodeJS.ErrnoException).code;
  return new OutboundHttpError('network', `network error${code ? ` (${code})` : ''}`, { cause: error });
}
