import type { Table } from '@backend/persistence';
import type { ApiKeyRecord } from './api-keys.js';
import { RateLimitedError } from './errors.js';

const WINDOW_MS = 60_000;

/**
 * Counts one request of a key in DynamoDB, in a fixed one-minute window (`rate#<key id>#<window>`, one atomic
 * ADD), and throws `RateLimitedError` past the key's limit. A fixed window lets a burst of up to twice the limit
 * through across a window's edge; that is accepted for a per-key abuse guard. The counter expires through the
 * table's TTL a minute after its window.
 */
export async function countRequest(requests: Table, key: ApiKeyRecord, now: number): Promise<void> {
  const window = Math.floor(now / WINDOW_MS);
  const windowEnd = (window + 1) * WINDOW_MS;
  const count = await requests.increment({ id: `rate#${key.key_id}#${window}` }, 'count', {
    setOnCreate: { expires_at: Math.ceil(windowEnd / 1000) + 60 },
  });
  if (count > key.rate_limit_per_minute) {
    throw new RateLimitedError(Math.max(1, Math.ceil((windowEnd - now) / 1000)));
  }
}
