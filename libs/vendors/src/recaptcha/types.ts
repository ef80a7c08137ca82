/** Why a token was refused. A caller answers every one the same way; the reason is for its logs and metrics. */
export type RecaptchaFailureReason =
  /** No token, or one that cannot be a token (too long, control characters): Google was not asked. */
  | 'missing-token'
  /** Google does not know the token (`invalid-input-response`, `bad-request`, a v2 token without a score). */
  | 'invalid-token'
  /** The token was verified before, or is older than two minutes (`timeout-or-duplicate`). */
  | 'expired-or-duplicate'
  | 'low-score'
  /** The token was made for another action of the site. */
  | 'wrong-action'
  /** The token was made on a page of another host. */
  | 'wrong-hostname'
  /** Google refused our secret key (`invalid-input-secret`): a configuration problem, not the user's. */
  | 'misconfigured'
  /** The secret key could not be read, or Google did not answer usably in time. */
  | 'unavailable';

export type RecaptchaResult =
  | { readonly ok: true; readonly score: number }
  | { readonly ok: false; readonly reason: RecaptchaFailureReason };

/** What a token must have been made for. */
export interface RecaptchaExpectation {
  /** The action the page passed to `grecaptcha.execute` (e.g. `register`). */
  readonly action: string;
  /** The user's IP address, passed on to Google (optional there too). */
  readonly remoteIp?: string;
  /** Ends the request early, e.g. at the function's deadline. */
  readonly signal?: AbortSignal;
}

/** Verifies reCAPTCHA v3 tokens; never throws for anything a user sends (the token, the IP). */
export interface RecaptchaVerifier {
  verify(token: unknown, expectation: RecaptchaExpectation): Promise<RecaptchaResult>;
}
