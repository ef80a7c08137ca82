// The feature flag suite's measuring code with tiny sizes: the numbers are not asserted, their shape is.
import { describe, expect, it } from 'vitest';
import { measureFlagChecks } from '../../flags.js';

describe('the feature flag measurements', () => {
  it('time checked flag reads, direct reads and cached checks against the local cloud, round by round', async () => {
    const rounds = await measureFlagChecks({ rounds: 2, reads: 3, checks: 50 });
    expect(rounds).toHaveLength(2);
    expect(rounds.every((r) => r.uncachedMs > 0 && r.directMs > 0 && r.cachedMs > 0)).toBe(true);
  });
});
