import { httpHandler } from '@backend/platform';
import { flagCheckRoute, flagCheckRuntime } from '@backend/licensing';

/** `POST /v1/flags/{flagId}/check` (public): `{ enabled }` for a flag the licensing service declares, 404 otherwise. */
export const handler = httpHandler(flagCheckRoute(flagCheckRuntime()), { maxBodyBytes: 4 * 1024 });
