import { httpHandler } from '@backend/platform';
import { licensingRuntime, licensingWriteRoute } from '@backend/licensing';

const runtime = licensingRuntime();

/**
 * The licensing write API for boards: `POST …/licenses` (up to 100 as JSON), `GET …/licenses/bulk-upload` (a
 * pre-signed POST for a CSV file) and `GET …/licenses/uploads/{uploadId}` (its status and row errors). API
 * Gateway's JWT authorizer has checked the token; the routes check the path's scope.
 */
export const handler = httpHandler(async (request) => licensingWriteRoute(request, await runtime()));
