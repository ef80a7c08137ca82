import type { IssuedRecaptchaToken, RecaptchaTokenRequest } from '@backend/local-cloud';
import { RecaptchaTokenRequestError } from './errors.js';
import type { FaultTarget } from './faults.js';

/**
 * A reCAPTCHA v3 token from the local cloud's stand-in, carrying the score (0.9 by default), action and hostname
 * (`localhost` by default) its siteverify will answer with, once, within two minutes.
 */
export async function recaptchaToken(cloud: FaultTarget, request: RecaptchaTokenRequest): Promise<string> {
  const response = await fetch(`${cloud.endpoint}/_local-cloud/recaptcha/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as IssuedRecaptchaToken & { error?: { message: string } };
  if (response.status !== 201) {
    throw new RecaptchaTokenRequestError(response.status, body.error?.message ?? 'The stand-in refused it');
  }
  return body.token;
}
