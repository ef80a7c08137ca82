import { httpRequest, type HttpClient, type OutboundResponse } from '@backend/platform';
import { VendorConfigError } from '../errors.js';
import { isRecord } from '../shared/json.js';
import { readSecret, vendorUrl, type SecretSource } from '../shared/secret-config.js';
import type {
  RecaptchaExpectation,
  RecaptchaFailureReason,
  RecaptchaResult,
  RecaptchaVerifier,
} from './types.js';

/** Google's endpoint; the local cloud serves a stand-in at `<edge>/recaptcha/api/siteverify`. */
export const RECAPTCHA_VERIFY_URL = 'https://www.google.com/recaptcha/api/siteverify';

// Google's tokens are a few hundred to about two thousand characters.
const MAX_TOKEN_LENGTH = 10_000;
const MAX_RESPONSE_BYTES = 16 * 1024;

export interface RecaptchaOptions {
  /** Secrets Manager secret whose value is the site's reCAPTCHA secret key (plain text). */
  readonly secretName: string;
  readonly secrets?: SecretSource;
  /** Google's siteverify by default; the local stand-in under `npm start`. */
  readonly verifyUrl?: string | URL;
  /** The hostnames of the pages that make tokens; any other is refused. */
  readonly hostnames: readonly string[];
  /** The lowest score accepted, 0 to 1; 0.5 by default, as Google suggests to start with. */
  readonly minScore?: number;
  /** Gives up on Google after this long (5 s by default). */
  readonly timeoutMs?: number;
  readonly http?: HttpClient;
}

const ACTION_PATTERN = /^[A-Za-z0-9/_]{1,100}$/;

/**
 * reCAPTCHA v3 verification: the token is POSTed to siteverify (form-encoded `secret`, `response`, `remoteip`)
 * through the platform's `httpRequest` (proxies, no redirects, a timeout and a size cap), and passes only when
 * Google says `success`, the score is at least `minScore`, and the action and hostname are the expected ones.
 * Every failure is a typed result, never an exception; nothing is logged here, and neither the secret nor the
 * token ever appears in a result.
 */
export class GoogleRecaptchaVerifier implements RecaptchaVerifier {
  private readonly verifyUrl: URL;
  private readonly hostnames: ReadonlySet<string>;
  private readonly minScore: number;

  constructor(private readonly options: RecaptchaOptions) {
    const url = vendorUrl(options.verifyUrl ?? RECAPTCHA_VERIFY_URL);
    if (typeof url === 'string') throw new VendorConfigError(`reCAPTCHA verifyUrl ${url}`);
    this.verifyUrl = url;
    if (options.hostnames.length === 0) throw new VendorConfigError('reCAPTCHA needs at least one hostname');
    this.hostnames = new Set(options.hostnames.map((host) => host.toLowerCase()));
    this.minScore = options.minScore ?? 0.5;
    if (!(this.minScore >= 0 && this.minScore <= 1)) {
      throw new VendorConfigError('reCAPTCHA minScore must be between 0 and 1');
    }
  }

  async verify(token: unknown, expectation: RecaptchaExpectation): Promise<RecaptchaResult> {
    if (!ACTION_PATTERN.test(expectation.action)) {
      throw new VendorConfigError('reCAPTCHA action must match /^[A-Za-z0-9/_]{1,100}$/');
    }
    if (
      typeof token !== 'string' ||
      token.length === 0 ||
      token.length > MAX_TOKEN_LENGTH ||
      // eslint-disable-next-line no-control-regex
      /[\s\u0000-\u001f\u007f]/.test(token)
    ) {
      return fail('missing-token');
    }
    let secret: string;
    try {
      secret = (await readSecret(this.options.secretName, this.options.secrets)).trim();
    } catch {
      return fail('unavailable');
    }
    const form = new URLSearchParams({ secret, response: token });
    // An address is at most 45 characters (IPv6 with an IPv4 tail); anything else is not passed on.
    if (expectation.remoteIp !== undefined && expectation.remoteIp.length <= 45) {
      form.set('remoteip', expectation.remoteIp);
    }
    let response: OutboundResponse;
    try {
      response = await (this.options.http ?? httpRequest)({
        url: this.verifyUrl,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        timeoutMs: this.options.timeoutMs ?? 5_000,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        ...(expectation.signal ? { signal: expectation.signal } : {}),
      });
    } catch {
      return fail('unavailable');
    }
    if (response.status !== 200) return fail('unavailable');
    return this.judge(response.body, expectation.action);
  }

  private judge(body: Buffer, action: string): RecaptchaResult {
    let answer: unknown;
    try {
      answer = JSON.parse(body.toString('utf8'));
    } catch {
      return fail('unavailable');
    }
    if (!isRecord(answer) || typeof answer.success !== 'boolean') return fail('unavailable');
    if (!answer.success) return fail(reasonOf(answer['error-codes']));
    // A v2 token verifies without a score; this endpoint takes v3 tokens only.
    if (typeof answer.score !== 'number' || !Number.isFinite(answer.score)) return fail('invalid-token');
    if (answer.action !== action) return fail('wrong-action');
    if (typeof answer.hostname !== 'string' || !this.hostnames.has(answer.hostname.toLowerCase())) {
      return fail('wrong-hostname');
    }
    if (answer.score < this.minScore) return fail('low-score');
    return { ok: true, score: answer.score };
  }
}

const fail = (reason: RecaptchaFailureReason): RecaptchaResult => ({ ok: false, reason });

/** Google's error codes of an unsuccessful answer, as one reason. */
function reasonOf(codes: unknown): RecaptchaFailureReason {
  const list = Array.isArray(codes) ? codes : [];
  if (list.includes('invalid-input-secret') || list.includes('missing-input-secret')) return 'misconfigured';
  if (list.includes('timeout-or-duplicate')) return 'expired-or-duplicate';
  return 'invalid-token';
}
