import { httpHandler } from '@backend/platform';
import { licensingReadRoute, licensingReadRuntime, licensingReadVerifier } from '@backend/licensing';

/**
 * The licensing read API for machine clients: `GET …/providers/{providerId}`, `POST …/providers/query` and
 * `POST …/providers/bulk`. Behind the ALB in AWS and the HTTP API locally (the same events' handler); the function
 * verifies the bearer token against the issuer's JWKS, cached for the container's life.
 */
export const handler = httpHandler(
  licensingReadRoute({ verifier: licensingReadVerifier(), dependencies: licensingReadRuntime() }),
);
