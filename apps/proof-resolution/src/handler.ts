import { asyncJobHandler } from '@backend/platform';
import { jobRuntime, resolutionJob, runJob, vendorSelection, type ProofingJob } from '@backend/proofing';
import { createResolutionVendor, createStateIdVendor } from '@backend/vendors';
import { config } from './config.js';

let job: ProofingJob<unknown, { success: boolean }> | undefined;

export const handler = asyncJobHandler((event, context) => {
  const c = config();
  job ??= resolutionJob({
    resolution: createResolutionVendor(
      vendorSelection(c.ENVIRONMENT, 'RESOLUTION_VENDOR', c.RESOLUTION_VENDOR, c.RESOLUTION_VENDOR_SECRET),
    ),
    stateId: createStateIdVendor(
      vendorSelection(c.ENVIRONMENT, 'STATE_ID_VENDOR', c.STATE_ID_VENDOR, c.STATE_ID_VENDOR_SECRET),
    ),
  });
  return runJob(job, event, jobRuntime('resolution', c, context));
});
