import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NativePackageError, nativeImportsOf } from '../../src/index.js';
import { scratchWorkspace } from '../support/fixture.js';

let workspace: Awaited<ReturnType<typeof scratchWorkspace>>;
let dir: string;
beforeEach(async () => {
  workspace = await scratchWorkspace();
  dir = join(workspace.root, 'out');
  await mkdir(dir);
});
afterEach(() => workspace.remove());

const metafile = (imports: { path: string; kind: string; external?: boolean }[]) =>
  JSON.stringify({
    inputs: {},
    outputs: { 'dist/apps/a/handler.mjs': { imports, exports: [], inputs: {}, bytes: 1 } },
  });

describe('nativeImportsOf', () => {
  it("reads the native runtime packages from the metafile's external imports, and nothing else", async () => {
    await writeFile(
      join(dir, 'handler.mjs'),
      'export const handler = () => import("@statsig/statsig-node-core");',
    );
    await writeFile(
      join(dir, 'meta.json'),
      metafile([
        { path: '@statsig/statsig-node-core', kind: 'dynamic-import', external: true },
        { path: 'node:crypto', kind: 'require-call', external: true },
        { path: 'kerberos', kind: 'dynamic-import', external: true },
      ]),
    );
    expect(await nativeImportsOf(dir, 'out')).toEqual(['@statsig/statsig-node-core']);
    await writeFile(
      join(dir, 'meta.json'),
      metafile([{ path: 'node:os', kind: 'import-statement', external: true }]),
    );
    expect(await nativeImportsOf(dir, 'out')).toEqual([]);
  });

  it('accepts a build output without a metafile only if its bundle never names a native package', async () => {
    await writeFile(join(dir, 'handler.mjs'), 'export const handler = async () => ({});');
    expect(await nativeImportsOf(dir, 'out')).toEqual([]);
    await writeFile(
      join(dir, 'handler.mjs'),
      'export const handler = () => import("@statsig/statsig-node-core");',
    );
    const attempt = nativeImportsOf(dir, 'out');
    await expect(attempt).rejects.toBeInstanceOf(NativePackageError);
    await expect(attempt).rejects.toThrow('out has no meta.json to say whether it imports it');
  });
});
