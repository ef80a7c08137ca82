import { validateFlagCheckInput, validateProviderRegistrationInput } from '@backend/contracts';
import { NotFoundError, validatorFrom, type HttpRequest, type HttpRoute } from '@backend/platform';
import type { FeatureFlags } from '@backend/vendors';
import { isIP } from 'node:net';
import type { LicensingFlag } from './flags.js';
import type { Registration } from './registration.js';

/**
 * The client's address. Behind the ALB it is the right-most entry of `X-Forwarded-For`: the ALB appends the
 * address of the TCP peer it accepted the connection from (`xff_header_processing_mode = "append"`, Terraform's
 * read_api.tf), and whatever a client sent itself stays to the left of it, so a client cannot choose the address
 * its budget is counted under. Through API Gateway (the local cloud) it is `sourceIp`, the TCP peer. Anything that
 * is not an address counts as `unknown`: one shared budget, never a fresh one per made-up value.
 */
export function registrationClientIp(request: HttpRequest): string {
  if (request.source === 'alb') {
    const appended = (request.headers['x-forwarded-for'] ?? '').split(',').pop()?.trim() ?? '';
    return isIP(appended) === 0 ? 'unknown' : appended;
  }
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
