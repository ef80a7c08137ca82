import { describe, expect, it } from 'vitest';
import { runCli, type CliEnvironment } from '../../src/index.js';
import { sha } from '../support/fixture.js';

function environment(): CliEnvironment & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    workspaceRoot: '/nonexistent-workspace',
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    createS3Client: () => {
      throw new Error('no S3 client may be created for this command line');
    },
  };
}

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
