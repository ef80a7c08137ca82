import { execFile } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Commits a change in `cwd` and returns the SHA, amended until the SHA can be pinned (its first 10
 * characters not all digits, about one commit in a hundred), as the release tool tells people to do.
 */
export async function commitPinnable(cwd: string, message: string): Promise<string> {
  const git = async (...args: string[]): Promise<string> =>
    (
      await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd })
    ).stdout.trim();
  await appendFile(join(cwd, 'history.txt'), `${message}\n`);
  await git('add', '.');
  await git('commit', '-q', '-m', message);
  let head = await git('rev-parse', 'HEAD');
  for (let attempt = 1; /^[0-9]{10}/.test(head); attempt++) {
    await git('commit', '-q', '--amend', '-m', `${message} (${attempt})`);
    head = await git('rev-parse', 'HEAD');
  }
  return head;
}
