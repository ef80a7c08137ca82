import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { packageApp, runCli } from '../../src/index.js';
import { recordingCli, type RecordingCli } from '../support/cli.js';
import {
  WORKSPACE_ROOT,
  buildFixture,
  installBuildOutput,
  scratchWorkspace,
  sha,
} from '../support/fixture.js';
import { TEST_CREDENTIALS, startS3Emulator, type S3Emulator } from '../support/s3-emulator.js';

const run = promisify(execFile);

let s3: S3Emulator;
let fixtureBuild: string;
let workspace: Awaited<ReturnType<typeof scratchWorkspace>>;
let bucketCount = 0;
let bucket: string;

beforeAll(async () => {
  s3 = await startS3Emulator();
  fixtureBuild = await mkdtemp(join(tmpdir(), 'release-fixture-'));
  await buildFixture(fixtureBuild);
});
afterAll(async () => {
  await s3.stop();
  await rm(fixtureBuild, { recursive: true, force: true });
});
beforeEach(async () => {
  workspace = await scratchWorkspace();
  bucket = `artifacts-${++bucketCount}`;
  await s3.createBucket(bucket);
});
afterEach(async () => {
  await workspace.remove();
});

/** Builds (by copying the fixture's bundle) and packages two apps for `ref`. */
async function packageRelease(ref: string): Promise<void> {
  for (const app of ['fixture-app', 'second-app']) {
    await installBuildOutput(workspace.root, app, fixtureBuild);
    await packageApp({ workspaceRoot: workspace.root, app, ref });
  }
}

const cli = (): RecordingCli =>
  // The SDK's own client, over HTTP to the emulator: the code path of a real bucket.
  recordingCli(
    workspace.root,
    ({ endpoint, region }) =>
      new S3Client({ endpoint, region, forcePathStyle: true, credentials: TEST_CREDENTIALS }),
  );

const s3Args = (ref: string): string[] => [
  '--ref',
  ref,
  '--bucket',
  bucket,
  '--endpoint-url',
  s3.endpoint,
  '--region',
  'us-east-1',
];

async function keysInBucket(): Promise<string[]> {
  const { Contents = [] } = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return Contents.map((o) => o.Key ?? '').sort();
}

async function objectText(key: string): Promise<string> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const { Body } = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await Body?.transformToString()) ?? '';
}

describe('publish', () => {
  it('uploads every zip, its .sha256 and the manifest under the documented keys', async () => {
    const ref = sha('a');
    await packageRelease(ref);
    const env = cli();
    expect(await runCli(['publish', ...s3Args(ref)], env)).toBe(0);
    expect(await keysInBucket()).toEqual([
      `fixture-app/${ref}.zip`,
      `fixture-app/${ref}.zip.sha256`,
      `manifests/${ref}.json`,
      `second-app/${ref}.zip`,
      `second-app/${ref}.zip.sha256`,
    ]);
    expect(env.stdout.at(-1)).toBe(`published ${ref}: 5 uploaded, 0 already present`);
    // The manifest goes last, so its presence means the zips are there.
    expect(env.stdout.at(-2)).toBe(`uploaded s3://${bucket}/manifests/${ref}.json`);
    const local = join(workspace.root, 'dist', 'artifacts');
    expect(await objectText(`manifests/${ref}.json`)).toBe(
      await readFile(join(local, `manifest-${ref}.json`), 'utf8'),
    );
    expect(await objectText(`fixture-app/${ref}.zip.sha256`)).toBe(
      await readFile(join(local, 'fixture-app', `${ref}.zip.sha256`), 'utf8'),
    );
  });

  it('skips every object when published again', async () => {
    const ref = sha('b');
    await packageRelease(ref);
    expect(await runCli(['publish', ...s3Args(ref)], cli())).toBe(0);
    const again = cli();
    expect(await runCli(['publish', ...s3Args(ref)], again)).toBe(0);
    expect(again.stdout.at(-1)).toBe(`published ${ref}: 0 uploaded, 5 already present`);
    expect(again.stdout.filter((l) => l.startsWith('skipped (identical)'))).toHaveLength(5);
  });

  it('refuses different content under an existing key, names it and uploads nothing', async () => {
    const ref = sha('c');
    await packageRelease(ref);
    expect(await runCli(['publish', ...s3Args(ref)], cli())).toBe(0);
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `second-app/${ref}.zip` }));
    // Same ref, different bytes for fixture-app: a rebuilt artifact must never replace a published one.
    await writeFile(join(workspace.root, 'dist', 'apps', 'fixture-app', 'extra.txt'), 'changed');
    await packageApp({ workspaceRoot: workspace.root, app: 'fixture-app', ref });

    const env = cli();
    expect(await runCli(['publish', ...s3Args(ref)], env)).toBe(1);
    expect(env.stderr.join('\n')).toContain(
      `refusing to publish: s3://${bucket} already holds different content under fixture-app/${ref}.zip, fixture-app/${ref}.zip.sha256, manifests/${ref}.json`,
    );
    // The refusal came before any write: the deleted object was not put back.
    expect(await keysInBucket()).not.toContain(`second-app/${ref}.zip`);
  });

  it('refuses a dirty ref and uploads nothing', async () => {
    const ref = `${sha('d')}-dirty`;
    await packageRelease(ref);
    const env = cli();
    expect(await runCli(['publish', ...s3Args(ref)], env)).toBe(1);
    expect(env.stderr[0]).toContain('was built from a working tree with uncommitted changes');
    expect(await keysInBucket()).toEqual([]);
  });

  it('refuses local artifacts that no longer match the manifest', async () => {
    const ref = sha('e');
    await packageRelease(ref);
    await writeFile(
      join(workspace.root, 'dist', 'artifacts', 'second-app', `${ref}.zip`),
      'not the packaged zip',
    );
    const env = cli();
    expect(await runCli(['publish', ...s3Args(ref)], env)).toBe(1);
    expect(env.stderr[0]).toMatch(/second-app\/e{40}\.zip has sha256 .* but the manifest says/);
    expect(await keysInBucket()).toEqual([]);
  });
});

describe('verify', () => {
  it('prints OK when every artifact matches the manifest', async () => {
    const ref = sha('f');
    await packageRelease(ref);
    expect(await runCli(['publish', ...s3Args(ref)], cli())).toBe(0);
    const env = cli();
    expect(await runCli(['verify', ...s3Args(ref), '--require-app', 'fixture-app'], env)).toBe(0);
    expect(env.stdout).toEqual([
      `OK ${ref}: 2 artifacts verified in s3://${bucket} (fixture-app, second-app)`,
    ]);
  });

  it('names a deleted zip', async () => {
    const ref = sha('a');
    await packageRelease(ref);
    expect(await runCli(['publish', ...s3Args(ref)], cli())).toBe(0);
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `second-app/${ref}.zip` }));
    const env = cli();
    expect(await runCli(['verify', ...s3Args(ref)], env)).toBe(1);
    expect(env.stderr).toEqual([
      `FAILED ${ref}: 1 problem(s) in s3://${bucket}`,
      `  missing: s3://${bucket}/second-app/${ref}.zip is missing`,
    ]);
  });

  it('names every tampered object, an absent required app, and a missing manifest', async () => {
    const ref = sha('b');
    await packageRelease(ref);
    expect(await runCli(['publish', ...s3Args(ref)], cli())).toBe(0);
    const put = (key: string, body: string) =>
      s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    await put(`fixture-app/${ref}.zip`, 'PK tampered');
    await put(`second-app/${ref}.zip.sha256`, `${Buffer.alloc(32).toString('base64')}`);

    const env = cli();
    expect(await runCli(['verify', ...s3Args(ref), '--require-app', 'proof-address'], env)).toBe(1);
    const report = env.stderr.join('\n');
    expect(env.stderr[0]).toBe(`FAILED ${ref}: 3 problem(s) in s3://${bucket}`);
    expect(report).toContain(
      `missing: app proof-address is not in manifest s3://${bucket}/manifests/${ref}.json`,
    );
    expect(report).toMatch(
      new RegExp(`mismatch: s3://${bucket}/fixture-app/${ref}\\.zip has sha256 \\S+ \\(11 bytes\\)`),
    );
    expect(report).toContain(`mismatch: s3://${bucket}/second-app/${ref}.zip.sha256 says "AAAAAAAA`);

    const unknown = cli();
    expect(await runCli(['verify', ...s3Args(sha('c'))], unknown)).toBe(1);
    expect(unknown.stderr[1]).toBe(
      `  missing: manifest s3://${bucket}/manifests/${sha('c')}.json is missing`,
    );
  });

  it('exits non-zero from the real command line, and zero when all is well', async () => {
    const ref = sha('a');
    await packageRelease(ref);
    expect(await runCli(['publish', ...s3Args(ref)], cli())).toBe(0);
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PROFILE: '' };
    const command = [
      join(WORKSPACE_ROOT, 'node_modules/.bin/tsx'),
      'tools/release/src/cli.ts',
      'verify',
      ...s3Args(ref),
    ];
    const ok = await run(command[0] as string, command.slice(1), { cwd: WORKSPACE_ROOT, env });
    expect(ok.stdout).toContain(`OK ${ref}: 2 artifacts verified`);

    await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `fixture-app/${ref}.zip.sha256` }));
    const failed = await run(command[0] as string, command.slice(1), { cwd: WORKSPACE_ROOT, env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`missing: s3://${bucket}/fixture-app/${ref}.zip.sha256 is missing`);
  });
});
