import { validateFlagCheckInput, validateProviderRegistrationInput } from '@backend/contracts';
import { NotFoundError, validatorFrom, type HttpRequest, type HttpRoute } from '@backend/platform';
import type { FeatureFlags } from '@backend/vendors';
import { isIP } from 'node:net';
import type { LicensingFlag } from './flags.js';
import type { Registration } from './registration.js';

/**
 * The client's address: the platform's `sourceIp`, the TCP peer (API Gateway's, or behind the ALB the address the
 * ALB appended to `X-Forwarded-For`, which no client can choose). Anything that is not an address counts as
 * `unknown`: one shared budget, never a fresh one per made-up value.
 */
export function registrationClientIp(request: HttpRequest): string {
  return isIP(request.sourceIp) === 0 ? 'unknown' : request.sourceIp;
}

const validRegistration = validatorFrom(validateProviderRegistrationInput);
const validFlagCheck = validatorFrom(validateFlagCheckInput);

/** `POST /v1/provider-users/registration`: 202 and the same body whether or not a license matched. */
export const registrationRoute =
  (register: () => Registration): HttpRoute =>
  async (request) => ({
    status: 202,
    body: await register()(validRegistration(request.json()), { clientIp: registrationClientIp(request) }),
  });

const FLAG_PATH = /^\/v1\/flags\/([^/]+)\/check$/;

/** The flag the path names: API Gateway's path parameter, or (behind an ALB, which has none) the path itself. */
function flagIdOf(request: HttpRequest): string | undefined {
  const fromPath = request.pathParameters['flagId'] ?? FLAG_PATH.exec(request.path)?.[1];
  if (fromPath === undefined) return undefined;
  try {
    return request.pathParameters['flagId'] === undefined ? decodeURIComponent(fromPath) : fromPath;
  } catch {
    return undefined;
  }
}

/**
 * `POST /v1/flags/{flagId}/check`: `{ enabled }` for a flag the service declares, 404 `FLAG_NOT_FOUND` for any
 * other name. The body (optional) is the check's context; the environment is the function's own.
 */
export const flagCheckRoute =
  (flags: () => FeatureFlags<LicensingFlag>): HttpRoute =>
  async (request) => {
    const flagId = flagIdOf(request);
    const source = flags();
    if (flagId === undefined || !source.isDeclared(flagId)) {
      throw new NotFoundError('No such feature flag', { code: 'FLAG_NOT_FOUND', field: 'flagId' });
    }
    const { context = {} } = validFlagCheck(
      request.body === undefined || request.body.trim() === '' ? {} : request.json(),
    );
    return { status: 200, body: { enabled: await source.isEnabled(flagId, context) } };
  };
