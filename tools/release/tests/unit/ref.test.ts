import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirtyRefError, InvalidRefError, packageApp, parseRef, resolveGitRef } from '../../src/index.js';
import { scratchWorkspace, sha } from '../support/fixture.js';

const run = promisify(execFile);

let workspace: Awaited<ReturnType<typeof scratchWorkspace>>;
const git = async (...args: string[]): Promise<string> =>
  (
    await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: workspace.root,
    })
  ).stdout.trim();

beforeEach(async () => {
  workspace = await scratchWorkspace();
  await git('init', '-q');
  await writeFile(join(workspace.root, '.gitignore'), 'dist/\n');
  await writeFile(join(workspace.root, 'README.md'), 'hello\n');
  await git('add', '.');
  await git('commit', '-q', '-m', 'first');
});
afterEach(async () => {
  await workspace.remove();
});

describe('resolveGitRef', () => {
  it('is HEAD on a clean tree, even with build output in dist/', async () => {
    const head = await git('rev-parse', 'HEAD');
    await mkdir(join(workspace.root, 'dist', 'apps', 'a'), { recursive: true });
    await writeFile(
      join(workspace.root, 'dist', 'apps', 'a', 'handler.mjs'),
      'export const handler = () => 1;',
    );
    expect(await resolveGitRef(workspace.root)).toBe(head);
    // package uses it when no ref is given
    const result = await packageApp({ workspaceRoot: workspace.root, app: 'a' });
    expect(result.zipPath.endsWith(`/dist/artifacts/a/${head}.zip`)).toBe(true);
  });

  it('appends -dirty for a modified tracked file or an untracked file', async () => {
    const head = await git('rev-parse', 'HEAD');
    await writeFile(join(workspace.root, 'README.md'), 'changed\n');
    expect(await resolveGitRef(workspace.root)).toBe(`${head}-dirty`);
    await git('checkout', '--', 'README.md');
    await writeFile(join(workspace.root, 'new.ts'), 'export {};\n');
    expect(await resolveGitRef(workspace.root)).toBe(`${head}-dirty`);
  });

  it('says to pass --ref outside a git repository', async () => {
    const outside = await scratchWorkspace();
    try {
      await expect(resolveGitRef(outside.root)).rejects.toThrow('pass --ref');
    } finally {
      await outside.remove();
    }
  });
});

describe('parseRef', () => {
  it('accepts full lowercase SHAs and -dirty only where allowed', () => {
    expect(parseRef(sha('f'), { allowDirty: false })).toBe(sha('f'));
    expect(parseRef(`${sha('f')}-dirty`, { allowDirty: true })).toBe(`${sha('f')}-dirty`);
    expect(() => parseRef(`${sha('f')}-dirty`, { allowDirty: false })).toThrow(DirtyRefError);
    for (const bad of ['abc1234', sha('F'), `${sha('f')}0`, 'main', '', `${sha('f')}-dirty-dirty`]) {
      expect(() => parseRef(bad, { allowDirty: true })).toThrow(InvalidRefError);
    }
  });
});
