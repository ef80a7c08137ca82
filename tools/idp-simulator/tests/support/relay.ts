import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingRelay {
  readonly url: string;
  /** The statuses the simulator answered to the forwarded requests, in order. */
  readonly statuses: number[];
  /** Resolves once at least one request is held; rejects after `timeoutMs`. */
  waitForHeld(timeoutMs: number): Promise<void>;
  /** Forwards the held requests and every later one at once. */
  release(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A slow network between the jobs and the IDP: a 127.0.0.1 proxy that holds every callback until `release()`,
 * then forwards it unchanged (body, token and signature) to `target()`.
 */
export async function startHoldingRelay(target: () => string): Promise<HoldingRelay> {
  let holding = true;
  const waiting: (() => Promise<void>)[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = async () => {
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'x-api-auth-token', 'x-signature']) {
          const value = req.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const response = await fetch(`${target()}${req.url ?? '/'}`, {
          method: req.method ?? 'POST',
          headers,
          body: Buffer.concat(chunks),
        });
        statuses.push(response.status);
        res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text());
      };
      if (holding) waiting.push(forward);
      else void forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    statuses,
    async waitForHeld(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (waiting.length === 0) {
        if (Date.now() >= deadline) throw new Error(`no request reached the relay within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async release() {
      holding = false;
      await Promise.all(waiting.splice(0).map((forward) => forward()));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
