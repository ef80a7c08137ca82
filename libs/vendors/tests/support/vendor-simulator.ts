import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedVendorRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the simulated vendor does with a request: answer, never answer, or drop the connection. */
export type VendorBehaviour = { status: number; body: string; contentType?: string } | 'hang' | 'drop';

/** A vendor played on 127.0.0.1: records every request and answers as the test says. */
export class VendorSimulator {
  readonly requests: RecordedVendorRequest[] = [];
  behaviour: (request: RecordedVendorRequest) => VendorBehaviour = () => ({ status: 404, body: '' });
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const recorded = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(recorded);
        const behaviour = this.behaviour(recorded);
        if (behaviour === 'hang') return;
        if (behaviour === 'drop') {
          req.socket.destroy();
          return;
        }
        res.writeHead(behaviour.status, { 'content-type': behaviour.contentType ?? 'application/json' });
        res.end(behaviour.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.requests.length = 0;
    this.behaviour = () => ({ status: 404, body: '' });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Every string reachable from an error: messages, names, stacks and causes, to scan for leaked data. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.name, current.message, current.stack ?? '', JSON.stringify(current));
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join('\n');
}
