import { chmod, mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BuildOutputMissingError,
  InvalidBuildOutputError,
  LAMBDA_HANDLER,
  LAMBDA_RUNTIME,
  createDeterministicZip,
  packageApp,
  sha256Base64,
} from '../../src/index.js';
import { expectBundleFiles, buildFixture, scratchWorkspace, sha } from '../support/fixture.js';
import { readZip } from '../support/zip-reader.js';

// DOS date of 1980-01-01 (year 0, month 1, day 1) and time 00:00:00.
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

let workspace: Awaited<ReturnType<typeof scratchWorkspace>>;
beforeEach(async () => {
  workspace = await scratchWorkspace();
});
afterEach(async () => {
  await workspace.remove();
});

describe('package', () => {
  it('gives byte-identical zips when the same source is built and packaged twice', async () => {
    const ref = sha('a');
    const outputDir = join(workspace.root, 'dist', 'apps', 'fixture-app');
    const packaged: Buffer[] = [];
    const hashes: string[] = [];
    for (let round = 0; round < 2; round++) {
      await rm(join(workspace.root, 'dist'), { recursive: true, force: true });
      await buildFixture(outputDir);
      const result = await packageApp({ workspaceRoot: workspace.root, app: 'fixture-app', ref });
      packaged.push(await readFile(result.zipPath));
      hashes.push(await readFile(result.sha256Path, 'utf8'));
    }
    const [first, second] = packaged;
    expect(first?.length).toBeGreaterThan(10_000);
    expect(second?.equals(first as Buffer)).toBe(true);
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).toBe(sha256Base64(first as Buffer));
  });

  it('writes sorted file entries with a fixed date, mode 0644 and deflate, and a manifest entry', async () => {
    const ref = sha('b');
    await buildFixture(join(workspace.root, 'dist', 'apps', 'fixture-app'));
    const result = await packageApp({ workspaceRoot: workspace.root, app: 'fixture-app', ref });
    const zip = await readFile(result.zipPath);
    const entries = readZip(zip);
    const names = entries.map((e) => e.name);
    expectBundleFiles(names);
    for (const entry of entries) {
      expect(entry.method).toBe(8);
      expect(entry.dosDate).toBe(DOS_DATE_1980_01_01);
      expect(entry.dosTime).toBe(0);
      expect(entry.unixMode).toBe(0o100644);
      // No extra fields: the UTC timestamp field is off, so the bytes do not depend on the time zone.
      expect(entry.extraLength).toBe(0);
    }
    const bundle = await readFile(join(workspace.root, 'dist', 'apps', 'fixture-app', 'handler.mjs'));
    expect(entries.find((e) => e.name === 'handler.mjs')?.content.equals(bundle)).toBe(true);

    expect(result.zipPath).toBe(join(workspace.root, 'dist', 'artifacts', 'fixture-app', `${ref}.zip`));
    expect(result.entry).toEqual({
      app: 'fixture-app',
      handler: LAMBDA_HANDLER,
      runtime: LAMBDA_RUNTIME,
      bytes: zip.length,
      sha256: sha256Base64(zip),
    });
    const manifest = JSON.parse(
      await readFile(join(workspace.root, 'dist', 'artifacts', `manifest-${ref}.json`), 'utf8'),
    );
    expect(manifest).toEqual({ ref, artifacts: [result.entry] });
  });

  it('does not depend on file timestamps, permissions or creation order', async () => {
    const write = async (dir: string, order: string[], time: Date, mode: number): Promise<void> => {
      for (const name of order) {
        await mkdir(join(dir, name, '..'), { recursive: true });
        await writeFile(join(dir, name), `content of ${name}`);
        await chmod(join(dir, name), mode);
        await utimes(join(dir, name), time, time);
      }
    };
    const files = ['handler.mjs', 'lib/b.js', 'lib/a.js', 'B.txt', 'a.txt'];
    const one = join(workspace.root, 'one');
    const two = join(workspace.root, 'two');
    await write(one, files, new Date('2001-02-03T04:05:06Z'), 0o600);
    await write(two, [...files].reverse(), new Date('2024-12-31T23:59:59Z'), 0o755);
    const [zipOne, zipTwo] = [await createDeterministicZip(one), await createDeterministicZip(two)];
    expect(zipOne.equals(zipTwo)).toBe(true);
    // Byte order, not locale order: upper case sorts before lower case.
    expect(readZip(zipOne).map((e) => e.name)).toEqual([
      'B.txt',
      'a.txt',
      'handler.mjs',
      'lib/a.js',
      'lib/b.js',
    ]);
  });

  it('names the app when its build output is missing', async () => {
    const attempt = packageApp({ workspaceRoot: workspace.root, app: 'proof-address', ref: sha('c') });
    await expect(attempt).rejects.toBeInstanceOf(BuildOutputMissingError);
    await expect(attempt).rejects.toThrow(
      'app "proof-address" has no build output at dist/apps/proof-address',
    );
  });

  it('refuses build output without the handler bundle, or with a symbolic link', async () => {
    const dir = join(workspace.root, 'dist', 'apps', 'broken');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'main.js'), 'export {}');
    const noHandler = packageApp({ workspaceRoot: workspace.root, app: 'broken', ref: sha('d') });
    await expect(noHandler).rejects.toBeInstanceOf(InvalidBuildOutputError);
    await expect(noHandler).rejects.toThrow('has no handler.mjs');

    await writeFile(join(dir, 'handler.mjs'), 'export const handler = async () => ({});');
    await symlink('/etc/hostname', join(dir, 'link'));
    await expect(packageApp({ workspaceRoot: workspace.root, app: 'broken', ref: sha('d') })).rejects.toThrow(
      'is not a regular file or directory',
    );
  });

  it('refuses refs that are not full SHAs and app names that are not path-safe', async () => {
    await expect(packageApp({ workspaceRoot: workspace.root, app: 'x', ref: 'main' })).rejects.toThrow(
      'ref must be a full 40-character lowercase git SHA',
    );
    await expect(packageApp({ workspaceRoot: workspace.root, app: '../etc', ref: sha('e') })).rejects.toThrow(
      'app name must be lowercase letters, digits and dashes',
    );
  });
});
