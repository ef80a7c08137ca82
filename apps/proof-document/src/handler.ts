import { createS3Client } from '@backend/persistence';
import { asyncJobHandler } from '@backend/platform';
import { documentJob, jobRuntime, runJob, vendorSelection, type ProofingJob } from '@backend/proofing';
import { createDocumentVendor } from '@backend/vendors';
import { config } from './config.js';

// Path-style for the local cloud, virtual-hosted in AWS: the factory decides from ENVIRONMENT.
const s3 = createS3Client();
let job: ProofingJob<unknown, { success: boolean }> | undefined;

export const handler = asyncJobHandler((event, context) => {
  const c = config();
  const { DOCUMENT_BUCKET, MAX_IMAGE_BYTES, ENVIRONMENT } = c;
  // Locally the images live behind the local cloud's endpoint (path-style URLs over http).
  const localEndpoint = ENVIRONMENT === 'local' && process.env.AWS_ENDPOINT_URL;
  job ??= documentJob({
    vendor: createDocumentVendor(
      vendorSelection(c.ENVIRONMENT, 'DOCUMENT_VENDOR', c.DOCUMENT_VENDOR, c.DOCUMENT_VENDOR_SECRET),
    ),
    s3,
    bucket: {
      bucket: DOCUMENT_BUCKET,
      region: process.env.AWS_REGION ?? 'us-east-1',
      localEndpointHosts: localEndpoint ? [new URL(localEndpoint).host] : [],
    },
    maxImageBytes: MAX_IMAGE_BYTES,
  });
  return runJob(job, event, jobRuntime('document', c, context));
});
