import { JOB_TYPES, type JobType } from '@backend/contracts';

/** The job type a function (app) `proof-<type>` runs, from its name or ARN; the types are @backend/contracts' JOB_TYPES. */
export const jobTypeOfFunction = (functionName: string): JobType | undefined =>
  JOB_TYPES.find((type) => new RegExp(`(^|[-:])proof-${type}($|:)`).test(functionName));
