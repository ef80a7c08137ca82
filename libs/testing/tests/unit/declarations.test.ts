import type { ServiceDeclaration } from '@backend/contracts';
import { describe, expect, it } from 'vitest';
import { overrideDeclaration } from '../../src/index.js';

const declared: ServiceDeclaration = {
  service: 'example',
  queues: [{ name: 'jobs', visibilityTimeoutSeconds: 180 }, { name: 'jobs-dlq' }],
  functions: [
    { name: 'worker', app: 'worker', timeoutSeconds: 30, environment: { A: '1' } },
    { name: 'api', app: 'api', timeoutSeconds: 10 },
  ],
};

describe('overrideDeclaration', () => {
  it('changes the named queues and functions only, and leaves the declaration as it was', () => {
    const changed = overrideDeclaration(declared, {
      queues: { jobs: { visibilityTimeoutSeconds: 5 } },
      functions: { worker: (fn) => ({ timeoutSeconds: 3, environment: { ...fn.environment, B: '2' } }) },
    });
    expect(changed.queues).toEqual([{ name: 'jobs', visibilityTimeoutSeconds: 5 }, { name: 'jobs-dlq' }]);
    expect(changed.functions).toEqual([
      { name: 'worker', app: 'worker', timeoutSeconds: 3, environment: { A: '1', B: '2' } },
      { name: 'api', app: 'api', timeoutSeconds: 10 },
    ]);
    expect(declared.queues?.[0]).toEqual({ name: 'jobs', visibilityTimeoutSeconds: 180 });
    expect(declared.functions?.[0]?.timeoutSeconds).toBe(30);
  });
});
