import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DirtyRefError, InvalidRefError, UnpinnableRefError } from './errors.js';

const run = promisify(execFile);

const DIRTY_SUFFIX = '-dirty';
/** A full lowercase git SHA, optionally `-dirty`: the only refs artifacts are keyed by. */
export const REF = /^[0-9a-f]{40}(-dirty)?$/;

/** Length of the release alias the IDP invokes: `<function>:<first 10 characters of the SHA>`. */
export const RELEASE_ALIAS_LENGTH = 10;
/** Lambda refuses an alias made only of digits (it would read as a version number). */
const ALL_DIGITS = new RegExp(`^[0-9]{${RELEASE_ALIAS_LENGTH}}`);

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
  if (ALL_DIGITS.test(ref)) {
    throw new UnpinnableRefError(
      `ref ${ref} cannot be pinned: its first ${RELEASE_ALIAS_LENGTH} characters ${releaseAlias(ref)} are all digits, and Lambda refuses an alias made only of digits (the IDP invokes <function>:${releaseAlias(ref)}); make another commit (for instance git commit --amend --no-edit gives a new SHA) and release that one`,
    );
  }
  if (!options.allowDirty && isDirtyRef(ref)) {
    throw new DirtyRefError(
      `ref ${ref} was built from a working tree with uncommitted changes; commit, package again and publish the clean SHA`,
    );
  }
  return ref;
}

/** The Lambda alias of a release, which the IDP invokes: the first 10 characters of the SHA. */
export const releaseAlias = (ref: string): string => ref.slice(0, RELEASE_ALIAS_LENGTH);

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
