import { asyncJobHandler } from '@backend/platform';
import { addressJob, jobRuntime, runJob } from '@backend/proofing';
import { MockAddressVendor } from '@backend/vendors';
import { config } from './config.js';

const job = addressJob(new MockAddressVendor());

export const handler = asyncJobHandler((event, context) =>
  runJob(job, event, jobRuntime('address', config(), context)),
);
