import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DirtyRefError,
  InvalidRefError,
  UnpinnableRefError,
  packageApp,
  parseRef,
  resolveGitRef,
} from '../../src/index.js';
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

describe('a SHA whose release alias would be all digits', () => {
  // Lambda refuses alias names made only of digits; about one commit in a hundred starts with ten.
  const unpinnable = `0123456789${'a'.repeat(30)}`;

  it('is refused, dirty or not, with a message that says to make another commit', () => {
    for (const ref of [unpinnable, `${unpinnable}-dirty`, '1'.repeat(40)]) {
      expect(() => parseRef(ref, { allowDirty: true })).toThrow(UnpinnableRefError);
    }
    expect(() => parseRef(unpinnable, { allowDirty: false })).toThrow(
      /first 10 characters 0123456789 are all digits.*make another commit/,
    );
  });

  it('is accepted when a letter appears among the first 10 characters', () => {
    for (const ref of [`012345678a${'0'.repeat(30)}`, `a${'1'.repeat(39)}`]) {
      expect(parseRef(ref, { allowDirty: false })).toBe(ref);
    }
  });

  it('is not packaged: package refuses it before writing anything', async () => {
    await mkdir(join(workspace.root, 'dist', 'apps', 'a'), { recursive: true });
    await writeFile(
      join(workspace.root, 'dist', 'apps', 'a', 'handler.mjs'),
      'export const handler = () => 1;',
    );
    await expect(packageApp({ workspaceRoot: workspace.root, app: 'a', ref: unpinnable })).rejects.toThrow(
      UnpinnableRefError,
    );
    await expect(readdir(join(workspace.root, 'dist'))).resolves.toEqual(['apps']);
  });
});
