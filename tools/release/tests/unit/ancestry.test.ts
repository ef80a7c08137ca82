import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotDescendantError, ReleaseError, checkAncestry, runCli } from '../../src/index.js';
import { recordingCli, type RecordingCli } from '../support/cli.js';
import { scratchWorkspace, sha } from '../support/fixture.js';
import { commitPinnable } from '../support/git.js';

const run = promisify(execFile);

let workspace: Awaited<ReturnType<typeof scratchWorkspace>>;
let first: string;
let second: string;
let sideBranch: string;

beforeEach(async () => {
  workspace = await scratchWorkspace();
  await run('git', ['init', '-q', '-b', 'main'], { cwd: workspace.root });
  first = await commitPinnable(workspace.root, 'first');
  second = await commitPinnable(workspace.root, 'second');
  await run('git', ['checkout', '-q', '-b', 'side', first], { cwd: workspace.root });
  await writeFile(join(workspace.root, 'side.txt'), 'side\n');
  sideBranch = await commitPinnable(workspace.root, 'side');
});
afterEach(async () => {
  await workspace.remove();
});

describe('checkAncestry', () => {
  const check = (ref: string, deployed: string | undefined, rollback = false) =>
    checkAncestry({ cwd: workspace.root, ref, deployed, rollback });

  it('allows the first deploy, a re-apply and a descendant', async () => {
    await expect(check(first, undefined)).resolves.toBe('first-deploy');
    await expect(check(first, '')).resolves.toBe('first-deploy');
    await expect(check(second, second)).resolves.toBe('same');
    await expect(check(second, first)).resolves.toBe('descendant');
  });

  it('refuses an older or unrelated SHA unless a rollback is asked for', async () => {
    await expect(check(first, second)).rejects.toThrow(NotDescendantError);
    await expect(check(sideBranch, second)).rejects.toThrow(
      /is not a descendant of .*docs\/runbooks\/rollback.md/,
    );
    await expect(check(first, second, true)).resolves.toBe('rollback');
  });

  it('says to fetch the history when a commit is unknown', async () => {
    const unknown = sha('d');
    await expect(check(second, unknown)).rejects.toThrow(ReleaseError);
    await expect(check(second, unknown)).rejects.toThrow(/fetch it in full/);
  });
});

describe('release check-ancestry', () => {
  const cli = (): RecordingCli => recordingCli(workspace.root);

  it('exits 1 for a SHA older than the deployed one and 0 with --rollback, saying so', async () => {
    const refused = cli();
    expect(await runCli(['check-ancestry', '--ref', first, '--deployed', second], refused)).toBe(1);
    expect(refused.stderr[0]).toMatch(/^error: .* is not a descendant of /);
    const rollback = cli();
    expect(
      await runCli(['check-ancestry', '--ref', first, '--deployed', second, '--rollback'], rollback),
    ).toBe(0);
    expect(rollback.stdout).toEqual([
      `OK ${first}: ROLLBACK asked for explicitly: it does not descend from the deployed ${second}`,
    ]);
  });

  it('needs --deployed, empty before the first deploy', async () => {
    const missing = cli();
    expect(await runCli(['check-ancestry', '--ref', first], missing)).toBe(2);
    const firstDeploy = cli();
    expect(await runCli(['check-ancestry', '--ref', first, '--deployed', ''], firstDeploy)).toBe(0);
    expect(firstDeploy.stdout).toEqual([`OK ${first}: nothing is deployed yet`]);
  });
});
