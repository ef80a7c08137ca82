import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DirtyRefError, InvalidRefError } from './errors.js';

const run = promisify(execFile);

const DIRTY_SUFFIX = '-dirty';
/** A full lowercase git SHA, optionally `-dirty`: the only refs artifacts are keyed by. */
export const REF = /^[0-9a-f]{40}(-dirty)?$/;

/**
 * Checks that `ref` is a full lowercase git SHA, optionally with `-dirty`. Artifact keys are
 * immutable, so abbreviated SHAs (which may become ambiguous) and branch names are refused.
 */
export function parseRef(ref: string, options: { allowDirty: boolean }): string {
  if (!REF.test(ref)) {
    throw new InvalidRefError(
      `ref must be a full 40-character lowercase git SHA, got ${JSON.stringify(ref)}`,
    );
  }
  if (!options.allowDirty && isDirtyRef(ref)) {
    throw new DirtyRefError(
      `ref ${ref} was built from a working tree with uncommitted changes; commit, package again and publish the clean SHA`,
    );
  }
  return ref;
}

export const isDirtyRef = (ref: string): boolean => ref.endsWith(DIRTY_SUFFIX);

/**
 * `git rev-parse HEAD`, with `-dirty` appended when `git status --porcelain` lists anything outside
 * `dist/` (tracked changes or untracked files).
 */
export async function resolveGitRef(cwd: string): Promise<string> {
  const git = async (...args: string[]): Promise<string> => {
    try {
      return (await run('git', args, { cwd })).stdout;
    } catch (error) {
      throw new InvalidRefError(
        `cannot read the git ref in ${cwd} (git ${args.join(' ')} failed); pass --ref`,
        {
          cause: error,
        },
      );
    }
  };
  const head = (await git('rev-parse', 'HEAD')).trim();
  const status = await git('status', '--porcelain', '--', '.', ':(exclude)dist');
  return parseRef(status.trim() === '' ? head : `${head}${DIRTY_SUFFIX}`, { allowDirty: true });
}
