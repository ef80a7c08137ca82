import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NotDescendantError, ReleaseError } from './errors.js';
import { parseRef } from './ref.js';

const run = promisify(execFile);

export interface AncestryOptions {
  /** The repository whose history decides (CI's checkout). */
  cwd: string;
  /** The SHA about to be applied. */
  ref: string;
  /** The SHA the environment runs now (its compute state's git_ref output); undefined before the first deploy. */
  deployed: string | undefined;
  /** An explicit rollback (docs/runbooks/rollback.md): an older or unrelated SHA is then allowed. */
  rollback: boolean;
}

export type AncestryOutcome = 'first-deploy' | 'same' | 'descendant' | 'rollback';

/**
 * Refuses to apply a SHA that is not a descendant of the one deployed, unless a rollback is asked for:
 * an out-of-order pipeline (an older commit's apply running after a newer one's) would otherwise put
 * old code back without anyone deciding to.
 */
export async function checkAncestry(options: AncestryOptions): Promise<AncestryOutcome> {
  const ref = parseRef(options.ref, { allowDirty: false });
  if (options.deployed === undefined || options.deployed.trim() === '') return 'first-deploy';
  const deployed = parseRef(options.deployed.trim(), { allowDirty: false });
  if (deployed === ref) return 'same';
  if (await isAncestor(options.cwd, deployed, ref)) return 'descendant';
  if (options.rollback) return 'rollback';
  throw new NotDescendantError(
    `${ref} is not a descendant of ${deployed}, which the environment runs: applying it would put older code back or drop commits. A rollback is a deliberate act: follow docs/runbooks/rollback.md (check-ancestry --rollback, the rollback pipeline parameters)`,
  );
}

async function isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
  try {
    await run('git', ['merge-base', '--is-ancestor', ancestor, descendant], { cwd });
    return true;
  } catch (error) {
    // Exit status 1 is git's "no"; anything else (an unknown commit, a shallow clone) is no answer.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 1) return false;
    throw new ReleaseError(
      `cannot tell whether ${descendant} descends from ${ancestor} in ${cwd}: both commits must be in the checkout's history (fetch it in full)`,
      { cause: error },
    );
  }
}
