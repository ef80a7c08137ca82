import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constantTimeEqual } from '@backend/crypto';
import {
  addressCallbackSchema,
  documentCallbackSchema,
  isJobType,
  resolutionCallbackSchema,
} from '@backend/contracts';
import {
  AppError,
  MalformedJsonError,
  NotFoundError,
  ParameterError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  compileValidator,
} from '@backend/platform';
import { checkCallbackSignature } from '@backend/contracts';
import type { CallbackTokens, JobInvoker, UploadSigner } from './aws.js';
import { JobInvocationError } from './errors.js';
import { type JobKind, type ResultStore } from './result-store.js';
import { documentJobRequest, documentUploadRequest, jobRequestValidators } from './requests.js';
import type { StaticFiles } from './static-files.js';

export interface SimulatorServerOptions {
  readonly invoker: JobInvoker;
  readonly tokens: CallbackTokens;
  readonly uploads: UploadSigner;
  readonly store: ResultStore;
  /** The Lambda function of each job type (`local-proof-address`, …). */
  readonly functionNames: Readonly<Record<JobKind, string>>;
  /** Static pages and assets. */
  readonly pages: StaticFiles;
  /** The origin the browser PUTs document images to (allowed by the pages' Content-Security-Policy). */
  readonly uploadOrigin: string;
  /** 127.0.0.1 and a free port by default. */
  readonly port?: number;
  /** The base of the callback URLs given to jobs; the server's own URL by default. */
  readonly callbackBaseUrl?: string;
  /** How long a pre-signed upload URL (and the upload it belongs to) stays usable. */
  readonly uploadExpirySeconds?: number;
  /** One line per request (method, path, status, time): never a body, a header value or a query string. */
  readonly log?: (line: string) => void;
  readonly now?: () => number;
}

export interface SimulatorServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 64 * 1024;
// A document result carries alerts, regions and image metrics; far below this in practice.
const MAX_CALLBACK_BYTES = 1024 * 1024;
const DOCUMENT_SIDES = ['front', 'back', 'selfie'] as const;
type DocumentSide = (typeof DOCUMENT_SIDES)[number];

const callbackValidators = {
  address: compileValidator(addressCallbackSchema),
  resolution: compileValidator(resolutionCallbackSchema),
  document: compileValidator(documentCallbackSchema),
};

class MethodNotAllowedError extends AppError {
  constructor(readonly allow: string) {
    super(`Use ${allow}`, { status: 405, code: 'METHOD_NOT_ALLOWED' });
    this.name = 'MethodNotAllowedError';
  }
}

class BadGatewayError extends AppError {
  constructor(message: string, code: string, cause?: unknown) {
    super(message, { status: 502, code, cause });
    this.name = 'BadGatewayError';
  }
}

class ServiceUnavailableError extends AppError {
  constructor(message: string, code: string, cause?: unknown) {
    super(message, { status: 503, code, cause });
    this.name = 'ServiceUnavailableError';
  }
}

const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...API_HEADERS, ...headers }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: AppError): void {
  const body = {
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
  };
  const headers: Record<string, string> =
    error instanceof MethodNotAllowedError ? { allow: error.allow } : {};
  // A refused body may still be arriving: close the connection rather than read it.
  if (error instanceof PayloadTooLargeError) headers.connection = 'close';
  sendJson(res, error.status, body, headers);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new PayloadTooLargeError(`Request body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError(`Request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function requireJson(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new UnsupportedMediaTypeError('Send the body as application/json');
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new MalformedJsonError();
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  requireJson(req);
  return parseJson(await readBody(req, MAX_REQUEST_BYTES));
}

/** The IDP's side of the proofing contract, over plain node:http. */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const { invoker, tokens, uploads, store, pages } = options;
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const uploadExpirySeconds = options.uploadExpirySeconds ?? 300;
  // Objects the browser was allowed to upload, by upload id: only their plain URLs, never a key or an image.
  const pendingUploads = new Map<
    string,
    { urls: Partial<Record<DocumentSide, string>>; expiresAt: number }
  >();
  let callbackBaseUrl = options.callbackBaseUrl ?? '';

  const contentSecurityPolicy = [
    "default-src 'self'",
    `connect-src 'self' ${options.uploadOrigin}`,
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  async function invokeJob(kind: JobKind, fields: Record<string, unknown>, traceId: string | undefined) {
    const { id } = store.create(kind);
    const trace_id = traceId ?? `idp-simulator-${randomUUID()}`;
    const payload = {
      ...fields,
      callback_url: `${callbackBaseUrl}/api/proofing_results/${kind}/${id}`,
      trace_id,
    };
    try {
      await invoker.invokeEvent(options.functionNames[kind], payload);
    } catch (error) {
      store.discard(id);
      if (error instanceof JobInvocationError)
        throw new BadGatewayError(error.message, 'INVOKE_FAILED', error);
      throw error;
    }
    log(`invoked ${options.functionNames[kind]} (result ${id}, trace ${trace_id})`);
    return {
      kind,
      result_id: id,
      trace_id,
      timeout_ms: store.timeoutMs,
      status_url: `/api/jobs/${kind}/${id}`,
    };
  }

  async function submitJob(req: IncomingMessage, res: ServerResponse, kind: 'address' | 'resolution') {
    const request = jobRequestValidators[kind](await readJson(req));
    const { trace_id, ...fields } = request;
    sendJson(res, 202, await invokeJob(kind, fields, trace_id));
  }

  async function createUpload(req: IncomingMessage, res: ServerResponse) {
    const { selfie } = documentUploadRequest(await readJson(req));
    for (const [id, upload] of pendingUploads) if (now() >= upload.expiresAt) pendingUploads.delete(id);
    const uploadId = randomUUID();
    const sides = DOCUMENT_SIDES.filter((side) => side !== 'selfie' || selfie);
    const signed = await Promise.all(
      sides.map((side) => uploads.signPut(`${uploadId}/${side}`, uploadExpirySeconds)),
    );
    const urls: Partial<Record<DocumentSide, string>> = {};
    const uploadUrls: Partial<Record<DocumentSide, string>> = {};
    sides.forEach((side, i) => {
      urls[side] = signed[i]!.objectUrl;
      uploadUrls[side] = signed[i]!.uploadUrl;
    });
    pendingUploads.set(uploadId, { urls, expiresAt: now() + uploadExpirySeconds * 1000 });
    sendJson(res, 201, {
      upload_id: uploadId,
      upload_urls: uploadUrls,
      expires_in_seconds: uploadExpirySeconds,
    });
  }

  async function submitDocumentJob(req: IncomingMessage, res: ServerResponse) {
    const request = documentJobRequest(await readJson(req));
    const upload = pendingUploads.get(request.upload_id);
    if (upload === undefined || now() >= upload.expiresAt) {
      throw new NotFoundError('No such upload, or its URLs have expired: upload the images again', {
        code: 'UPLOAD_NOT_FOUND',
        field: 'upload_id',
      });
    }
    const selfieIv = request.selfie_image_iv ?? null;
    if (selfieIv !== null && upload.urls.selfie === undefined) {
      throw new ValidationError('selfie_image_iv was given for an upload without a selfie', {
        field: 'selfie_image_iv',
      });
    }
    // One job per upload: a retry uploads again, with fresh IVs.
    pendingUploads.delete(request.upload_id);
    const fields = {
      encryption_key: request.encryption_key,
      front_image_iv: request.front_image_iv,
      back_image_iv: request.back_image_iv,
      selfie_image_iv: selfieIv,
      front_image_url: upload.urls.front,
      back_image_url: upload.urls.back,
      selfie_image_url: selfieIv === null ? null : upload.urls.selfie,
      liveness_checking_enabled: request.liveness_checking_enabled,
    };
    sendJson(res, 202, await invokeJob('document', fields, request.trace_id));
  }

  function pollResult(res: ServerResponse, kind: JobKind, id: string) {
    const state = store.read(kind, id);
    if (state === undefined)
      throw new NotFoundError('No such result, or it has expired', { code: 'RESULT_NOT_FOUND' });
    switch (state.status) {
      case 'pending':
        sendJson(res, 200, { status: 'pending', remaining_ms: Math.max(0, state.deadline - now()) });
        return;
      case 'timed_out':
        sendJson(res, 200, { status: 'timed_out' });
        return;
      case 'received':
        sendJson(res, 200, {
          status: 'received',
          result: JSON.parse(state.body.toString('utf8')) as unknown,
        });
        state.body.fill(0);
    }
  }

  /** The callback endpoint the jobs POST to: token, signature and contract of the body, then the result id. */
  async function receiveCallback(req: IncomingMessage, res: ServerResponse, kind: JobKind, id: string) {
    let expected: string;
    let signingKey: string;
    try {
      [expected, signingKey] = await Promise.all([tokens.tokenFor(kind), tokens.signingKeyFor(kind)]);
    } catch (error) {
      // 5xx so the job retries: the token store is down, the caller may be right.
      if (error instanceof ParameterError) {
        throw new ServiceUnavailableError(
          'The callback token cannot be read right now',
          'TOKEN_UNAVAILABLE',
          error,
        );
      }
      throw error;
    }
    const presented = req.headers['x-api-auth-token'];
    if (typeof presented !== 'string' || !constantTimeEqual(presented, expected)) {
      throw new UnauthorizedError('X-API-AUTH-TOKEN is missing or wrong', { code: 'INVALID_TOKEN' });
    }
    requireJson(req);
    const bytes = await readBody(req, MAX_CALLBACK_BYTES);
    const signature = req.headers['x-signature'];
    // The contract's reference verification, as the IDP does it: method, path and body under the signing key.
    const verdict = checkCallbackSignature(
      typeof signature === 'string' ? signature : undefined,
      {
        method: req.method ?? '',
        path: req.url ?? '',
        body: bytes.toString('utf8'),
      },
      signingKey,
    );
    if (verdict !== 'valid') {
      throw new UnauthorizedError(`X-Signature is ${verdict}`, { code: 'INVALID_SIGNATURE' });
    }
    callbackValidators[kind](parseJson(bytes));
    const outcome = store.deliver(kind, id, bytes);
    bytes.fill(0);
    if (outcome === 'unknown') throw new NotFoundError('No such result id', { code: 'RESULT_NOT_FOUND' });
    if (outcome === 'expired') {
      throw new NotFoundError('The result came after the user stopped waiting', { code: 'RESULT_EXPIRED' });
    }
    sendJson(res, 200, { status: 'received' });
  }

  async function servePage(res: ServerResponse, name: string) {
    const file = await pages.read(name);
    if (file === undefined) throw new NotFoundError(`No page ${name}`);
    res
      .writeHead(200, {
        'content-type': file.contentType,
        'cache-control': 'no-cache',
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      })
      .end(file.body);
  }

  const only = (req: IncomingMessage, method: string) => {
    if (req.method !== method) throw new MethodNotAllowedError(method);
  };

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const pageName = {
      '/': 'index.html',
      '/address': 'address.html',
      '/resolution': 'resolution.html',
      '/document': 'document.html',
    }[path];
    if (pageName !== undefined) {
      only(req, 'GET');
      return servePage(res, pageName);
    }
    if (path.startsWith('/assets/')) {
      only(req, 'GET');
      return servePage(res, path.slice('/assets/'.length));
    }
    if (path === '/healthz') {
      only(req, 'GET');
      return sendJson(res, 200, { status: 'ok' });
    }
    if (path === '/api/jobs/address' || path === '/api/jobs/resolution') {
      only(req, 'POST');
      return submitJob(req, res, path === '/api/jobs/address' ? 'address' : 'resolution');
    }
    if (path === '/api/jobs/document') {
      only(req, 'POST');
      return submitDocumentJob(req, res);
    }
    if (path === '/api/document-uploads') {
      only(req, 'POST');
      return createUpload(req, res);
    }
    const result = /^\/api\/(jobs|proofing_results)\/([a-z]+)\/([A-Za-z0-9-]{1,64})$/.exec(path);
    if (result !== null && isJobType(result[2]!)) {
      const [, collection, kind, id] = result as unknown as [string, string, JobKind, string];
      if (collection === 'jobs') {
        only(req, 'GET');
        return pollResult(res, kind, id);
      }
      only(req, 'POST');
      return receiveCallback(req, res, kind, id);
    }
    throw new NotFoundError(`No route for ${req.method ?? 'GET'} ${path}`);
  }

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    let path = '/';
    try {
      path = new URL(req.url ?? '/', 'http://simulator').pathname;
    } catch {
      // An unparsable target is answered 404 below.
    }
    route(req, res, path)
      .catch((error: unknown) => {
        if (error instanceof AppError) {
          sendError(res, error);
          return;
        }
        // The error's name only: a message could quote input.
        log(`unexpected ${error instanceof Error ? error.name : 'error'} on ${req.method ?? 'GET'} ${path}`);
        if (!res.headersSent)
          sendError(res, new AppError('The simulator failed', { status: 500, code: 'INTERNAL' }));
        else res.destroy();
      })
      .finally(() => {
        const code = res.statusCode;
        log(`${req.method ?? 'GET'} ${path} ${code} ${Math.round(performance.now() - started)} ms`);
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  if (callbackBaseUrl === '') callbackBaseUrl = url;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
