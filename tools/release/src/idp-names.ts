import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ReleaseError } from './errors.js';
import { parseRef, releaseAlias } from './ref.js';

/** The app of a proofing job: `proof-<job>`. */
const JOB_APP = /^proof-([a-z]+)$/;

/** What the IDP invokes for one proofing job: `<functionName>:<alias>`. */
export interface IdpInvocation {
  /** The job type, as in the IDP's payload contract: address, resolution or document. */
  job: string;
  functionName: string;
  alias: string;
}

export interface IdpNamesOptions {
  workspaceRoot: string;
  ref: string;
  /** One of the directories under terraform/environments. */
  environment: string;
}

/**
 * The function and alias the IDP must invoke for each proofing job when it pins `ref` in
 * `environment`. The IDP's own convention (`<env>-idp-functions-<Job>Function`) is not how these
 * functions are named: Terraform names each `<env>-<app>` (terraform/services/proofing) and the job's
 * app is `proof-<job>` (apps/proof-<job>, the convention libs/proofing's jobTypeOfFunction reads);
 * the alias is the SHA's first 10 characters (modules/function). An all-digit alias, a short or a
 * dirty SHA is refused here, before anyone configures it.
 */
export async function idpInvocations(options: IdpNamesOptions): Promise<IdpInvocation[]> {
  const ref = parseRef(options.ref, { allowDirty: false });
  const environments = await readdir(join(options.workspaceRoot, 'terraform', 'environments'));
  if (!environments.includes(options.environment)) {
    throw new ReleaseError(
      `unknown environment ${JSON.stringify(options.environment)}: terraform/environments has ${environments.sort().join(', ')}`,
    );
  }
  // Read from the workspace rather than imported: libs/proofing depends (through the local cloud) on
  // this tool, and the apps directory is what Terraform's contract test matches functions against.
  const jobs = (await readdir(join(options.workspaceRoot, 'apps')))
    .map((app) => JOB_APP.exec(app)?.[1])
    .filter((job): job is string => job !== undefined)
    .sort();
  return jobs.map((job) => ({
    job,
    functionName: `${options.environment}-proof-${job}`,
    alias: releaseAlias(ref),
  }));
}
