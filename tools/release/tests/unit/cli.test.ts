import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { recordingCli, type RecordingCli } from '../support/cli.js';
import { WORKSPACE_ROOT, scratchWorkspace, sha } from '../support/fixture.js';

const environment = (): RecordingCli => recordingCli('/nonexistent-workspace');

describe('release CLI', () => {
  it('fails loudly on an unknown option, naming it', async () => {
    const env = environment();
    expect(await runCli(['publish', '--ref', sha('a'), '--bucket', 'b', '--force'], env)).toBe(2);
    expect(env.stderr[0]).toContain("Unknown option '--force'");
    expect(env.stderr.join('\n')).toContain('Usage:');
  });

  it('rejects unknown commands, stray arguments and missing required options', async () => {
    const env = environment();
    expect(await runCli(['deploy'], env)).toBe(2);
    expect(await runCli(['verify', sha('a')], env)).toBe(2);
    expect(await runCli(['publish', '--ref', sha('a')], env)).toBe(2);
    expect(await runCli(['package'], env)).toBe(2);
    expect(await runCli([], env)).toBe(2);
    expect(env.stderr.filter((l) => l.startsWith('error:'))).toEqual([
      'error: unknown command "deploy"',
      expect.stringContaining("Unexpected argument '" + sha('a') + "'"),
      'error: --bucket is required',
      'error: --app is required',
      'error: no command given',
    ]);
  });

  it('packages only for the instruction sets Lambda has', async () => {
    const env = environment();
    expect(await runCli(['package', '--app', 'a', '--ref', sha('a'), '--architecture', 'x64'], env)).toBe(2);
    expect(env.stderr[0]).toBe('error: --architecture must be arm64 or x86_64');
  });

  it('refuses a dirty ref before talking to S3', async () => {
    const env = environment();
    expect(await runCli(['publish', '--ref', `${sha('a')}-dirty`, '--bucket', 'b'], env)).toBe(1);
    expect(env.stderr[0]).toMatch(
      /^error: ref a{40}-dirty was built from a working tree with uncommitted changes/,
    );
    expect(await runCli(['verify', '--ref', `${sha('a')}-dirty`, '--bucket', 'b'], env)).toBe(1);
  });

  it('refuses to package, publish or verify a SHA whose first 10 characters are all digits', async () => {
    const env = environment();
    const ref = `9876543210${'f'.repeat(30)}`;
    expect(await runCli(['package', '--app', 'proof-address', '--ref', ref], env)).toBe(1);
    expect(await runCli(['publish', '--ref', ref, '--bucket', 'b'], env)).toBe(1);
    expect(await runCli(['verify', '--ref', ref, '--bucket', 'b'], env)).toBe(1);
    expect(env.stderr).toHaveLength(3);
    for (const line of env.stderr) {
      expect(line).toMatch(/^error: ref 9876543210f{30} cannot be pinned: .*make another commit/);
    }
  });

  it('names the app whose build output is missing', async () => {
    const env = environment();
    expect(await runCli(['package', '--app', 'proof-address', '--ref', sha('a')], env)).toBe(1);
    expect(env.stderr).toEqual([
      'error: app "proof-address" has no build output at dist/apps/proof-address: run "nx build proof-address" first',
    ]);
  });

  it('prints its usage on help', async () => {
    const env = environment();
    expect(await runCli(['--help'], env)).toBe(0);
    expect(env.stdout[0]).toContain('release verify');
  });
});

describe('release idp-names and tfvars', () => {
  const atWorkspace = (): ReturnType<typeof environment> => ({
    ...environment(),
    workspaceRoot: WORKSPACE_ROOT,
  });

  it('prints, per proofing job, the function and alias the IDP invokes in an environment', async () => {
    const env = atWorkspace();
    const ref = `abcdef0123${'4'.repeat(30)}`;
    expect(await runCli(['idp-names', '--ref', ref, '--environment', 'prod'], env)).toBe(0);
    expect(env.stdout).toEqual([
      'address\tprod-proof-address\tabcdef0123\tprod-proof-address:abcdef0123',
      'document\tprod-proof-document\tabcdef0123\tprod-proof-document:abcdef0123',
      'resolution\tprod-proof-resolution\tabcdef0123\tprod-proof-resolution:abcdef0123',
    ]);
  });

  it('refuses an environment Terraform does not declare and a ref the IDP could not pin', async () => {
    const env = atWorkspace();
    expect(await runCli(['idp-names', '--ref', sha('a'), '--environment', 'production'], env)).toBe(1);
    expect(
      await runCli(['idp-names', '--ref', `1234567890${'a'.repeat(30)}`, '--environment', 'prod'], env),
    ).toBe(1);
    expect(env.stderr[0]).toBe(
      'error: unknown environment "production": terraform/environments has beta, prod, sandbox, test',
    );
    expect(env.stderr[1]).toMatch(/make another commit/);
  });

  it('prints the branch plan variables from the local manifest, and names the package step when it is missing', async () => {
    const workspace = await scratchWorkspace();
    try {
      const ref = sha('c');
      const manifest = {
        ref,
        artifacts: [
          {
            app: 'proof-address',
            handler: 'handler.handler',
            runtime: 'nodejs22.x',
            bytes: 10,
            sha256: `${'A'.repeat(43)}=`,
          },
        ],
      };
      await mkdir(join(workspace.root, 'dist', 'artifacts'), { recursive: true });
      const env = { ...environment(), workspaceRoot: workspace.root };
      expect(await runCli(['tfvars', '--ref', ref], env)).toBe(1);
      expect(env.stderr[0]).toMatch(/no manifest at .*manifest-c{40}\.json: run the package target/);
      await writeFile(
        join(workspace.root, 'dist', 'artifacts', `manifest-${ref}.json`),
        JSON.stringify(manifest),
      );
      expect(await runCli(['tfvars', '--ref', ref], env)).toBe(0);
      expect(JSON.parse(env.stdout.join('\n'))).toEqual({
        speculative_artifact_hashes: { 'proof-address': `${'A'.repeat(43)}=` },
      });
    } finally {
      await workspace.remove();
    }
  });
});
