// The service platform suite's measuring code with tiny sizes: the numbers are not asserted, their shape is.
import { describe, expect, it } from 'vitest';
import { measureBatchWrites, measurePasswordHashing, measureSealing } from '../../platform.js';

describe('the service platform measurements', () => {
  it('time a checked password hash and verify', async () => {
    const { hashMs, verifyMs } = await measurePasswordHashing(1);
    expect(hashMs).toHaveLength(1);
    expect(verifyMs[0]).toBeGreaterThan(0);
  });

  it('pair seal and open with raw node:crypto round by round', async () => {
    const { seal, open } = await measureSealing({ sealBytes: 4096, rounds: 2, sealsPerRound: 3 });
    expect(seal).toHaveLength(2);
    expect(open).toHaveLength(2);
    expect(seal.every((r) => r.oursMs > 0 && r.rawMs > 0)).toBe(true);
  });

  it('write through the persistence lib and directly into the local cloud, round by round', async () => {
    const rounds = await measureBatchWrites({ rounds: 2, items: 60 });
    expect(rounds).toHaveLength(2);
    expect(rounds.every((r) => r.oursMs > 0 && r.rawMs > 0)).toBe(true);
  });
});
