import { asyncJobHandler } from '@backend/platform';
import { jobRuntime, resolutionJob, runJob } from '@backend/proofing';
import { MockResolutionVendor, MockStateIdVendor } from '@backend/vendors';
import { config } from './config.js';

const job = resolutionJob({ resolution: new MockResolutionVendor(), stateId: new MockStateIdVendor() });

export const handler = asyncJobHandler((event, context) =>
  runJob(job, event, jobRuntime('resolution', config(), context)),
);
