// docs/runbooks/rollback.md walked through against the local cloud's S3, with tools/release's own
// commands (here, because the release tool cannot depend on the local cloud, which depends on it):
// two commits are built and published, verified against their builds, the newer one is "deployed",
// and going back to the older one is refused until the rollback is explicit.
import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { localManifestPath, packageApp, runCli, type CliEnvironment } from '@backend/release';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

const run = promisify(execFile);
const BUCKET = 'idp-backend-artifacts-000000000000';
const APPS = ['proof-address', 'proofing-failure'];

let cloud: TestCloud;
let s3: S3Client;
let workspace: string;
let previous: string;
let current: string;

function cli(): CliEnvironment & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    workspaceRoot: workspace,
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    createS3Client: ({ endpoint }) => new S3Client({ ...cloud.clientConfig, endpoint, forcePathStyle: true }),
  };
}
const s3Args = (ref: string): string[] => [
  '--ref',
  ref,
  '--bucket',
  BUCKET,
  '--endpoint-url',
  cloud.endpoint,
];
const buildManifest = (ref: string): string => localManifestPath(join(workspace, 'dist', 'artifacts'), ref);

const git = async (...args: string[]): Promise<string> =>
  (
    await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: workspace })
  ).stdout.trim();

/** Commits a change; amends until the SHA is pinnable (not 10 leading digits), as package demands. */
async function commit(message: string): Promise<string> {
  await appendFile(join(workspace, 'history.txt'), `${message}\n`);
  await git('add', '.');
  await git('commit', '-q', '-m', message);
  for (let attempt = 1; /^[0-9]{10}/.test(await git('rev-parse', 'HEAD')); attempt++) {
    await git('commit', '-q', '--amend', '-m', `${message} (${attempt})`);
  }
  return git('rev-parse', 'HEAD');
}

/** What CI's build job does for one commit: build once (a bundle per commit here), package every app. */
async function buildCommit(ref: string): Promise<void> {
  for (const app of APPS) {
    const output = join(workspace, 'dist', 'apps', app);
    await mkdir(output, { recursive: true });
    await writeFile(
      join(output, 'handler.mjs'),
      `export const handler = async () => ${JSON.stringify(ref)};\n`,
    );
    await packageApp({ workspaceRoot: workspace, app, ref });
  }
}

beforeAll(async () => {
  cloud = await startTestCloud([]);
  s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

  // A repository with the layout idp-names reads: apps/proof-<job> and terraform/environments/<env>.
  workspace = await mkdtemp(join(tmpdir(), 'rollback-walkthrough-'));
  await run('git', ['init', '-q', '-b', 'main'], { cwd: workspace });
  await writeFile(join(workspace, '.gitignore'), 'dist/\n');
  for (const dir of [
    'apps/proof-address',
    'apps/proof-document',
    'apps/proofing-failure',
    'terraform/environments/sandbox',
  ]) {
    await mkdir(join(workspace, dir), { recursive: true });
    await writeFile(join(workspace, dir, 'README.md'), `${dir}\n`);
  }
  previous = await commit('previous release');
  await buildCommit(previous);
  current = await commit('current release');
  await buildCommit(current);
});

afterAll(async () => {
  s3?.destroy();
  await cloud?.stop();
  await rm(workspace, { recursive: true, force: true });
});

describe('rollback runbook against the local cloud', () => {
  it('publishes both commits and verifies each against its own build', async () => {
    for (const ref of [previous, current]) {
      const publish = cli();
      expect(await runCli(['publish', ...s3Args(ref)], publish), publish.stderr.join('\n')).toBe(0);
      const verify = cli();
      const args = ['verify', ...s3Args(ref), '--build-manifest', buildManifest(ref)];
      expect(await runCli([...args, ...APPS.flatMap((app) => ['--require-app', app])], verify)).toBe(0);
      expect(verify.stdout).toEqual([
        `OK ${ref}: 2 artifacts verified in s3://${BUCKET} (${APPS.join(', ')})`,
      ]);
    }
  });

  it('fails verify when the account holds other bytes than the build (a build that was not promoted)', async () => {
    // Another build of `current` (e.g. rebuilt per account): same keys, other bytes.
    const other = JSON.parse(await readFile(buildManifest(current), 'utf8')) as {
      ref: string;
      artifacts: { app: string; sha256: string; bytes: number }[];
    };
    other.artifacts[0]!.sha256 = Buffer.alloc(32, 7).toString('base64');
    const otherPath = join(workspace, 'other-build.json');
    await writeFile(otherPath, JSON.stringify(other));
    const verify = cli();
    expect(await runCli(['verify', ...s3Args(current), '--build-manifest', otherPath], verify)).toBe(1);
    expect(verify.stderr.join('\n')).toMatch(
      /mismatch: s3:\/\/idp-backend-artifacts-000000000000\/manifests\/[0-9a-f]{40}\.json differs from the build for app proof-address/,
    );
  });

  it('refuses to apply the previous commit over the current one, and allows it as an explicit rollback', async () => {
    const refused = cli();
    expect(await runCli(['check-ancestry', '--ref', previous, '--deployed', current], refused)).toBe(1);
    expect(refused.stderr[0]).toContain('docs/runbooks/rollback.md');

    // Runbook step 2: verify PREV is still complete in the bucket, then roll back explicitly.
    const verify = cli();
    expect(await runCli(['verify', ...s3Args(previous), '--require-app', 'proof-address'], verify)).toBe(0);
    const rollback = cli();
    expect(
      await runCli(['check-ancestry', '--ref', previous, '--deployed', current, '--rollback'], rollback),
    ).toBe(0);
    expect(rollback.stdout[0]).toContain('ROLLBACK asked for explicitly');
  });

  it('prints the names the IDP pins again for the previous commit (runbook step 1)', async () => {
    const names = cli();
    expect(await runCli(['idp-names', '--ref', previous, '--environment', 'sandbox'], names)).toBe(0);
    const alias = previous.slice(0, 10);
    expect(names.stdout).toEqual(
      ['address', 'document'].map(
        (job) => `${job}\tsandbox-proof-${job}\t${alias}\tsandbox-proof-${job}:${alias}`,
      ),
    );
  });
});
