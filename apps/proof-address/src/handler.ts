import { asyncJobHandler } from '@backend/platform';
import { addressJob, jobRuntime, runJob, vendorSelection, type ProofingJob } from '@backend/proofing';
import { createAddressVendor } from '@backend/vendors';
import { config } from './config.js';

let job: ProofingJob<unknown, { success: boolean }> | undefined;

export const handler = asyncJobHandler((event, context) => {
  const c = config();
  job ??= addressJob(
    createAddressVendor(
      vendorSelection(c.ENVIRONMENT, 'ADDRESS_VENDOR', c.ADDRESS_VENDOR, c.ADDRESS_VENDOR_SECRET),
    ),
  );
  return runJob(job, event, jobRuntime('address', c, context));
});
