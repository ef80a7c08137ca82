import { fileURLToPath } from 'node:url';
import { findWorkspaceRoot, loadWorkspaceServices } from '@backend/local-cloud';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/index.js';

describe('the registry of services', () => {
  it('is what the local cloud loads by path: every service once, each with its functions', async () => {
    const loaded = await loadWorkspaceServices(
      findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url))),
    );
    const names = loaded.map((s) => s.service);
    expect(names).toEqual(SERVICES.map((s) => s.service));
    expect(names).toContain('proofing');
    expect(new Set(names).size).toBe(names.length);
    for (const service of loaded) expect(service.functions?.length ?? 0).toBeGreaterThan(0);
  });
});
