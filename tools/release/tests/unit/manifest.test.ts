import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestError, mergeManifestEntry, parseManifest, type ManifestEntry } from '../../src/index.js';
import { WORKSPACE_ROOT, scratchWorkspace, sha } from '../support/fixture.js';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('../support/merge-worker.ts', import.meta.url));

const entry = (app: string, bytes = 1234): ManifestEntry => ({
  app,
  handler: 'handler.handler',
  runtime: 'nodejs22.x',
  bytes,
  sha256: Buffer.alloc(32, bytes % 256).toString('base64'),
});

let workspace: Awaited<ReturnType<typeof scratchWorkspace>>;
let path: string;
beforeEach(async () => {
  workspace = await scratchWorkspace();
  path = join(workspace.root, 'artifacts', `manifest-${sha('a')}.json`);
});
afterEach(async () => {
  await workspace.remove();
});

describe('mergeManifestEntry', () => {
  it('keeps every entry when many writers in one process merge at once', async () => {
    const apps = Array.from({ length: 16 }, (_, i) => `app-${String(i).padStart(2, '0')}`);
    await Promise.all(apps.map((app, i) => mergeManifestEntry(path, sha('a'), entry(app, 100 + i))));
    const manifest = parseManifest(await readFile(path, 'utf8'), path, sha('a'));
    expect(manifest.artifacts.map((a) => a.app)).toEqual(apps);
  });

  it('keeps every entry when several processes merge at once, as parallel nx package targets do', async () => {
    await Promise.all(
      ['p', 'q', 'r'].map((prefix) =>
        run(process.execPath, ['--import', 'tsx', worker, path, sha('a'), prefix, '4'], {
          cwd: WORKSPACE_ROOT,
        }),
      ),
    );
    const manifest = parseManifest(await readFile(path, 'utf8'), path, sha('a'));
    expect(manifest.artifacts.map((a) => a.app)).toEqual(
      ['p', 'q', 'r'].flatMap((prefix) => [0, 1, 2, 3].map((i) => `${prefix}-${i}`)),
    );
  });

  it('replaces the entry of an app packaged again and writes sorted, stable JSON', async () => {
    await mergeManifestEntry(path, sha('a'), entry('zeta', 1));
    await mergeManifestEntry(path, sha('a'), entry('alpha', 2));
    await mergeManifestEntry(path, sha('a'), entry('zeta', 3));
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text)).toEqual({ ref: sha('a'), artifacts: [entry('alpha', 2), entry('zeta', 3)] });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('refuses to merge into a file that is not a manifest of the same ref', async () => {
    await mkdir(join(workspace.root, 'artifacts'));
    await writeFile(path, JSON.stringify({ ref: sha('b'), artifacts: [] }));
    await expect(mergeManifestEntry(path, sha('a'), entry('x'))).rejects.toThrow(
      `is the manifest of ${sha('b')}`,
    );
    await writeFile(path, '{not json');
    await expect(mergeManifestEntry(path, sha('a'), entry('x'))).rejects.toBeInstanceOf(ManifestError);
  });
});

describe('parseManifest', () => {
  it('names what is wrong with an invalid manifest', () => {
    const bad = JSON.stringify({ ref: sha('a'), artifacts: [{ ...entry('x'), sha256: 'abc', extra: 1 }] });
    expect(() => parseManifest(bad, 'm.json', sha('a'))).toThrow(
      /m\.json is not a valid manifest: .*sha256.*pattern/,
    );
    const twice = JSON.stringify({ ref: sha('a'), artifacts: [entry('x'), entry('x')] });
    expect(() => parseManifest(twice, 'm.json', sha('a'))).toThrow('lists an app more than once');
  });
});
