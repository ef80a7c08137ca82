import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  service: 'assureid' | 'facematch' | 'passlive';
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

/** What one endpoint answers: a status and body, or `hang` to never answer. */
export type Answer = { status: number; body: string | Buffer } | 'hang';

const json = (value: unknown, status = 200): Answer => ({ status, body: JSON.stringify(value) });

export interface Behaviour {
  create: () => Answer;
  upload: (side: string) => Answer;
  results: () => Answer;
  portrait: () => Answer;
  facematch: () => Answer;
  liveness: () => Answer;
  delete: () => Answer;
}

export const INSTANCE_ID = '5b1d0c6e-3d0f-4c45-8a55-2f44e0a1c9d7';
export const PORTRAIT = Buffer.from('portrait-jpeg-bytes-of-the-card');

/**
 * Plays Acuant on 127.0.0.1: AssureID, face match and PassLive, each on its own port, as the real
 * services are on their own hosts. Records every request; each endpoint's answer is set per test.
 */
export class AcuantSimulator {
  readonly requests: RecordedRequest[] = [];
  behaviour: Behaviour = AcuantSimulator.passing({});
  readonly #servers: Server[] = [];
  urls = { assureid: '', facematch: '', passlive: '' };

  /** Every endpoint answers as for a genuine card and a live, matching selfie. */
  static passing(options: { results?: unknown }): Behaviour {
    return {
      create: () => json(INSTANCE_ID),
      upload: () => ({ status: 200, body: '' }),
      results: () => json(options.results),
      portrait: () => ({ status: 200, body: PORTRAIT }),
      facematch: () => json({ IsMatch: true, Score: 88, TransactionId: 't-1' }),
      liveness: () =>
        json({ LivenessResult: { Score: 91, LivenessAssessment: 'Live' }, Error: null, ErrorCode: null }),
      delete: () => ({ status: 204, body: '' }),
    };
  }

  async start(): Promise<void> {
    for (const service of ['assureid', 'facematch', 'passlive'] as const) {
      const server = createServer((req, res) => this.#handle(service, req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.#servers.push(server);
      this.urls[service] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
  }

  async stop(): Promise<void> {
    for (const server of this.#servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  reset(behaviour: Behaviour): void {
    this.requests.length = 0;
    this.behaviour = behaviour;
  }

  /** The requests as "SERVICE METHOD path?query", for asserting the flow. */
  flow(): string[] {
    return this.requests.map((r) => {
      const query = new URLSearchParams(r.query).toString();
      return `${r.service} ${r.method} ${r.path}${query ? `?${query}` : ''}`;
    });
  }

  #handle(service: RecordedRequest['service'], req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        service,
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks),
      };
      this.requests.push(recorded);
      const answer = this.#answer(recorded);
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  }

  #answer(r: RecordedRequest): Answer {
    const b = this.behaviour;
    if (r.service === 'facematch' && r.method === 'POST' && r.path === '/api/v1/facematch')
      return b.facematch();
    if (r.service === 'passlive' && r.method === 'POST' && r.path === '/api/v1/liveness') return b.liveness();
    if (r.service !== 'assureid') return json({ Message: 'no such route' }, 404);
    const document = `/AssureIDService/Document/${INSTANCE_ID}`;
    if (r.method === 'POST' && r.path === '/AssureIDService/Document/Instance') return b.create();
    if (r.method === 'POST' && r.path === `${document}/Image`) return b.upload(r.query.side ?? '');
    if (r.method === 'GET' && r.path === `${document}/Field/Image` && r.query.key === 'Photo')
      return b.portrait();
    if (r.method === 'GET' && r.path === document) return b.results();
    if (r.method === 'DELETE' && r.path === document) return b.delete();
    return json({ Message: 'no such route' }, 404);
  }
}
