import { fileURLToPath } from 'node:url';
import { ParameterError } from '@backend/platform';
import { signCallback } from '@backend/crypto';
import {
  ResultStore,
  StaticFiles,
  startSimulatorServer,
  type CallbackTokens,
  type JobInvoker,
  type JobKind,
  type SimulatorServer,
  type StoredResult,
  type UploadSigner,
} from '../../src/index.js';

export const TOKENS: Record<JobKind, string> = {
  address: 'address-token-0123456789abcdef',
  resolution: 'resolution-token-0123456789abcdef',
  document: 'document-token-0123456789abcdef',
};

export const SIGNING_KEYS: Record<JobKind, string> = {
  address: 'address-signing-key-fedcba9876543210',
  resolution: 'resolution-signing-key-fedcba9876543210',
  document: 'document-signing-key-fedcba9876543210',
};

export class RecordingInvoker implements JobInvoker {
  readonly calls: { functionName: string; payload: Record<string, unknown> }[] = [];
  failWith: Error | undefined;

  async invokeEvent(functionName: string, payload: unknown): Promise<void> {
    if (this.failWith !== undefined) throw this.failWith;
    this.calls.push({ functionName, payload: payload as Record<string, unknown> });
  }

  get last() {
    return this.calls.at(-1)!;
  }
}

export class FixedTokens implements CallbackTokens {
  down = false;
  reads = 0;

  async tokenFor(kind: JobKind): Promise<string> {
    this.reads++;
    if (this.down)
      throw new ParameterError('/test/token', 'SSM parameter /test/token could not be read (TimeoutError)');
    return TOKENS[kind];
  }

  async signingKeyFor(kind: JobKind): Promise<string> {
    if (this.down)
      throw new ParameterError('/test/key', 'SSM parameter /test/key could not be read (TimeoutError)');
    return SIGNING_KEYS[kind];
  }
}

export const fakeUploads: UploadSigner = {
  async signPut(key, expiresInSeconds) {
    const objectUrl = `http://127.0.0.1:4566/test-proofing-documents/${key}`;
    return { objectUrl, uploadUrl: `${objectUrl}?X-Amz-Expires=${expiresInSeconds}&X-Amz-Signature=abc` };
  },
};

export interface TestServer {
  server: SimulatorServer;
  invoker: RecordingInvoker;
  tokens: FixedTokens;
  clock: { now: number };
  entries: Map<string, StoredResult>;
  logs: string[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string): Promise<Response>;
  /** POSTs a callback as a job does: the kind's token and an X-Signature with its signing key. */
  callback(
    kind: JobKind,
    id: string,
    body: unknown,
    options?: { token?: string; signWith?: string; signedAt?: number },
  ): Promise<Response>;
}

export async function startTestServer(): Promise<TestServer> {
  const clock = { now: Date.now() };
  const entries = new Map<string, StoredResult>();
  const invoker = new RecordingInvoker();
  const tokens = new FixedTokens();
  const logs: string[] = [];
  const server = await startSimulatorServer({
    invoker,
    tokens,
    uploads: fakeUploads,
    uploadOrigin: 'http://127.0.0.1:4566',
    store: new ResultStore({ timeoutMs: 2_000, retentionMs: 10_000, now: () => clock.now, entries }),
    functionNames: {
      address: 'test-proof-address',
      resolution: 'test-proof-resolution',
      document: 'test-proof-document',
    },
    pages: await StaticFiles.from(fileURLToPath(new URL('../../public/', import.meta.url))),
    log: (line) => logs.push(line),
    now: () => clock.now,
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    server,
    invoker,
    tokens,
    clock,
    entries,
    logs,
    post,
    get: (path) => fetch(`${server.url}${path}`),
    callback(kind, id, body, options = {}) {
      const text = JSON.stringify(body);
      const path = `/api/proofing_results/${kind}/${id}`;
      return post(path, text, {
        'x-api-auth-token': options.token ?? TOKENS[kind],
        'x-signature': signCallback(
          { method: 'POST', path, body: text },
          options.signWith ?? SIGNING_KEYS[kind],
          options.signedAt,
        ),
      });
    },
  };
}

export const addressResult = (success = true) => ({
  address_result: {
    success,
    errors: success ? {} : { phone: ['The phone number could not be verified.'] },
    messages: [],
    exception: null,
    timed_out: false,
    transaction_id: 'address-mock-transaction-id-123',
    context: { stages: [{ address: 'AddressMock' }] },
  },
});
