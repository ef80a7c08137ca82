import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeclarationError } from '../../src/errors.js';
import { WORKSPACE_SERVICES_MODULE, loadWorkspaceServices } from '../../src/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'workspace-services-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function workspaceWithRegistry(name: string, source: string): string {
  const root = join(scratch, name);
  const file = join(root, WORKSPACE_SERVICES_MODULE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  return root;
}

describe('loadWorkspaceServices', () => {
  it('returns the SERVICES list a registry exports', async () => {
    const root = workspaceWithRegistry('one', "export const SERVICES = [{ service: 'echo' }];\n");
    expect(await loadWorkspaceServices(root)).toEqual([{ service: 'echo' }]);
  });

  it('refuses a registry without a SERVICES list', async () => {
    const root = workspaceWithRegistry('none', 'export const services = {};\n');
    await expect(loadWorkspaceServices(root)).rejects.toBeInstanceOf(DeclarationError);
  });
});
