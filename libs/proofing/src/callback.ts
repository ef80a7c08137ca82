import { setTimeout as sleep } from 'node:timers/promises';
import { SIGNATURE_HEADER, signCallback } from '@backend/crypto';
import { httpRequest, type HttpClient } from '@backend/platform';
import { CallbackDeliveryError, CallbackRejectedError } from './errors.js';

export interface CallbackRequest {
  url: URL;
  /** The job type's shared secret, sent as X-API-AUTH-TOKEN. */
  token: string;
  /** The job type's signing key: signs X-Signature, never sent. */
  signingKey: string;
  body: unknown;
  /** Fires at the job's deadline: no attempt starts or continues past it. */
  signal: AbortSignal;
}

export interface CallbackOptions {
  maxAttempts?: number;
  /** Base of the exponential back-off; each wait is a random fraction of base * 2^(attempt-1) ("full jitter"). */
  baseDelayMs?: number;
  attemptTimeoutMs?: number;
  http?: HttpClient;
}

export interface CallbackDelivery {
  status: number;
  attempts: number;
}

/** Answers that mean "not now" (request timeout, too early, too many requests, server trouble): try again. */
const isRetryableStatus = (status: number) => [408, 425, 429].includes(status) || status >= 500;
/** A redirect is never followed (the token would go to a host nobody checked), and is not a delivery either. */
const isRedirect = (status: number) => status >= 300 && status < 400;

/**
 * POSTs a result to the IDP with the job's token and an X-Signature, made with the job's own signing key, over
 * the timestamp, method, path and exact body (libs/contracts callback-signature.md). Network errors, 408, 425, 429 and 5xx are retried with jittered back-off, a bounded
 * number of times and never past the deadline; another 4xx is a final refusal (CallbackRejectedError). A 3xx is
 * a failed delivery (CallbackDeliveryError at once): redirects are not followed, so the token never reaches a
 * host other than the one that was checked. HTTPS_PROXY is honoured (libs/platform httpRequest).
 */
export async function deliverCallback(
  request: CallbackRequest,
  options: CallbackOptions = {},
): Promise<CallbackDelivery> {
  const { maxAttempts = 3, baseDelayMs = 250, attemptTimeoutMs = 10_000, http = httpRequest } = options;
  const payload = JSON.stringify(request.body);
  // What the IDP receives as the request target: the path with the result id (and a query, if any).
  const signed = { method: 'POST', path: `${request.url.pathname}${request.url.search}`, body: payload };
  let lastFailure = 'no attempt made';
  let lastCause: unknown;
  let attempts = 0;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (request.signal.aborted) break;
    attempts = attempt;
    try {
      const response = await http({
        url: request.url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-auth-token': request.token,
          // Signed at each attempt, so a retry carries a fresh timestamp.
          [SIGNATURE_HEADER]: signCallback(signed, request.signingKey),
        },
        body: payload,
        signal: request.signal,
        timeoutMs: attemptTimeoutMs,
      });
      if (response.status >= 200 && response.status < 300)
        return { status: response.status, attempts: attempt };
      if (isRedirect(response.status)) {
        // Retrying would be redirected the same way: the invocation fails so that the failure path reports it.
        throw new CallbackDeliveryError(`callback not delivered: HTTP ${response.status}`, attempt);
      }
      if (!isRetryableStatus(response.status)) throw new CallbackRejectedError(response.status);
      lastFailure = `HTTP ${response.status}`;
      lastCause = undefined;
    } catch (error) {
      if (error instanceof CallbackRejectedError || error instanceof CallbackDeliveryError) throw error;
      lastFailure = request.signal.aborted ? 'deadline reached' : 'network error';
      lastCause = error;
    }
    if (attempt < maxAttempts) {
      const delay = Math.random() * baseDelayMs * 2 ** (attempt - 1);
      await sleep(delay, undefined, { signal: request.signal }).catch(() => undefined);
    }
  }
  throw new CallbackDeliveryError(`callback not delivered: ${lastFailure}`, attempts, { cause: lastCause });
}
