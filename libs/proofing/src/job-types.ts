/** The three proofing jobs; each has its callback body key `<type>_result` and its own callback token. */
export const JOB_TYPES = ['address', 'resolution', 'document'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** The function (app) that runs a job type: `proof-<type>`. */
export const jobTypeOfFunction = (functionName: string): JobType | undefined =>
  JOB_TYPES.find((type) => new RegExp(`(^|[-:])proof-${type}($|:)`).test(functionName));
