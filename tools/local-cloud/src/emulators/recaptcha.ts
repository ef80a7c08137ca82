import { LOCAL_RECAPTCHA_SECRET_KEY, LOCAL_RECAPTCHA_VERIFY_PATH } from '@backend/contracts';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../edge/body.js';
import { applyFault, type FaultController } from '../edge/faults.js';

/**
 * A stand-in for Google's reCAPTCHA v3 siteverify, served by the edge at `/recaptcha/api/siteverify`, and the way to
 * get its tokens: `POST /_local-cloud/recaptcha/tokens` with the score, action and hostname the token should carry
 * (a browser cannot be scored locally, so the test or the developer chooses). As Google does, a token verifies
 * once (then `timeout-or-duplicate`) and expires two minutes after it was made; every answer is HTTP 200 with
 * `success` and, on failure, `error-codes`.
 */

export const SITEVERIFY_PATH = LOCAL_RECAPTCHA_VERIFY_PATH;
export const TOKENS_PATH = '/_local-cloud/recaptcha/tokens';
const TOKEN_LIFETIME_MS = 2 * 60 * 1000;
const MAX_FORM = 16 * 1024;
// Google's action names: letters, digits, slashes and underscores.
const ACTION_PATTERN = /^[A-Za-z0-9/_]{1,100}$/;
const HOSTNAME_PATTERN = /^[A-Za-z0-9.-]{1,253}$/;
// Old tokens are forgotten after this many, so a long `npm start` does not grow without end.
const MAX_TOKENS = 10_000;

export interface RecaptchaTokenRequest {
  /** 0.0 (a bot) to 1.0 (a person); 0.9 by default. */
  readonly score?: number;
  readonly action: string;
  /** The page's host; `localhost` by default. */
  readonly hostname?: string;
}

export interface IssuedRecaptchaToken {
  readonly token: string;
  readonly score: number;
  readonly action: string;
  readonly hostname: string;
  readonly expiresAt: string;
}

interface TokenRecord {
  readonly score: number;
  readonly action: string;
  readonly hostname: string;
  readonly issuedAt: number;
  used: boolean;
}

export type SiteverifyAnswer =
  | { success: true; challenge_ts: string; hostname: string; score: number; action: string }
  | { success: false; 'error-codes': string[] };

/** A token request the endpoint refuses (answered with 400 and this message). */
export class InvalidRecaptchaTokenRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRecaptchaTokenRequestError';
  }
}

/** Google's `challenge_ts`: ISO 8601 without milliseconds. */
const challengeTimestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class RecaptchaStandIn {
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(
    /** Secret keys it accepts, as Google accepts a site's key. */
    private readonly secretKeys: ReadonlySet<string> = new Set([LOCAL_RECAPTCHA_SECRET_KEY]),
    private readonly now: () => number = Date.now,
  ) {}

  issue(request: unknown): IssuedRecaptchaToken {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      throw new InvalidRecaptchaTokenRequestError('The body must be a JSON object');
    }
    const { score = 0.9, action, hostname = 'localhost', ...rest } = request as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new InvalidRecaptchaTokenRequestError(`Unknown field ${unknown[0]}`);
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
      throw new InvalidRecaptchaTokenRequestError('score must be a number from 0 to 1');
    }
    if (typeof action !== 'string' || !ACTION_PATTERN.test(action)) {
      throw new InvalidRecaptchaTokenRequestError(`action must match ${String(ACTION_PATTERN)}`);
    }
    if (typeof hostname !== 'string' || !HOSTNAME_PATTERN.test(hostname)) {
      throw new InvalidRecaptchaTokenRequestError('hostname must be a host name');
    }
    if (this.tokens.size >= MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
    const token = `local-${randomBytes(48).toString('base64url')}`;
    const issuedAt = this.now();
    this.tokens.set(token, { score, action, hostname, issuedAt, used: false });
    return {
      token,
      score,
      action,
      hostname,
      expiresAt: new Date(issuedAt + TOKEN_LIFETIME_MS).toISOString(),
    };
  }

  /** Google's answer to a siteverify request with these parameters. */
  verify(form: URLSearchParams): SiteverifyAnswer {
    const secret = form.get('secret') ?? '';
    const response = form.get('response') ?? '';
    const errors: string[] = [];
    if (secret === '') errors.push('missing-input-secret');
    else if (!this.secretKeys.has(secret)) errors.push('invalid-input-secret');
    if (response === '') errors.push('missing-input-response');
    if (errors.length > 0) return { success: false, 'error-codes': errors };
    const record = this.tokens.get(response);
    if (record === undefined) return { success: false, 'error-codes': ['invalid-input-response'] };
    if (record.used || this.now() - record.issuedAt > TOKEN_LIFETIME_MS) {
      return { success: false, 'error-codes': ['timeout-or-duplicate'] };
    }
    record.used = true;
    return {
      success: true,
      challenge_ts: challengeTimestamp(record.issuedAt),
      hostname: record.hostname,
      score: record.score,
      action: record.action,
    };
  }
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

/**
 * Answers the stand-in's two endpoints; false for any other request. A fault rule on `recaptcha:siteverify` makes
 * siteverify fail as a web server does (500 or 503 with a plain body, latency, a dropped connection).
 */
export async function serveRecaptcha(
  req: IncomingMessage,
  res: ServerResponse,
  standIn: RecaptchaStandIn,
  faults: FaultController,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname === SITEVERIFY_PATH) {
    if (req.method !== 'POST') {
      req.resume();
      sendJson(res, 405, { success: false, 'error-codes': ['bad-request'] });
      return true;
    }
    const effect = faults.draw('recaptcha', 'siteverify');
    const failed =
      effect !== undefined &&
      (await applyFault(req, res, 'recaptcha', effect, (status, _code, message) => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
      }));
    if (failed) return true;
    // Google reads the parameters from a form body or the query string.
    const form = new URLSearchParams(url.search);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = await readBody(req, MAX_FORM);
    if (contentType === 'application/x-www-form-urlencoded') {
      for (const [name, value] of new URLSearchParams(body.toString('utf8'))) form.set(name, value);
    }
    sendJson(res, 200, standIn.verify(form));
    return true;
  }
  if (url.pathname === TOKENS_PATH) {
    if (req.method !== 'POST') {
      req.resume();
      sendJson(res, 405, {
        error: { code: 'MethodNotAllowed', message: `POST ${TOKENS_PATH} to get a token` },
      });
      return true;
    }
    let request: unknown;
    try {
      request = JSON.parse((await readBody(req, MAX_FORM)).toString('utf8'));
    } catch {
      sendJson(res, 400, { error: { code: 'InvalidTokenRequest', message: 'The body is not valid JSON' } });
      return true;
    }
    try {
      sendJson(res, 201, standIn.issue(request));
    } catch (error) {
      if (!(error instanceof InvalidRecaptchaTokenRequestError)) throw error;
      sendJson(res, 400, { error: { code: 'InvalidTokenRequest', message: error.message } });
    }
    return true;
  }
  return false;
}
