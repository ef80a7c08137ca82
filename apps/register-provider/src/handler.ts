import { httpHandler } from '@backend/platform';
import { registrationRoute, registrationRuntime } from '@backend/licensing';

/**
 * `POST /v1/provider-users/registration` (public, behind the ALB and its WAF rate rule): a practitioner registers;
 * 202 and the same body whether or not the details match a license, a link to continue by mail when they do.
 */
export const handler = httpHandler(registrationRoute(registrationRuntime()), { maxBodyBytes: 16 * 1024 });
