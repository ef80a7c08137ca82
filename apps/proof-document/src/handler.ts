import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, asyncJobHandler } from '@backend/platform';
import { documentJob, jobRuntime, runJob, type ProofingJob } from '@backend/proofing';
import { createDocumentVendor, type DocumentVendor } from '@backend/vendors';
import { config } from './config.js';

// The local cloud's S3 answers path-style requests only; AWS gets its default virtual-hosted ones.
const s3 = new S3Client({ forcePathStyle: process.env.ENVIRONMENT === 'local' });
let job: ProofingJob<unknown, { success: boolean }> | undefined;

function documentVendor(): DocumentVendor {
  const { DOCUMENT_VENDOR, DOCUMENT_VENDOR_SECRET } = config();
  if (DOCUMENT_VENDOR === 'mock') return createDocumentVendor({ kind: 'mock' });
  if (!DOCUMENT_VENDOR_SECRET)
    throw new ConfigError('DOCUMENT_VENDOR_SECRET', 'is required when DOCUMENT_VENDOR is acuant');
  return createDocumentVendor({ kind: 'acuant', secretName: DOCUMENT_VENDOR_SECRET });
}

export const handler = asyncJobHandler((event, context) => {
  const { DOCUMENT_BUCKET, MAX_IMAGE_BYTES, ENVIRONMENT } = config();
  // Locally the images live behind the local cloud's endpoint (path-style URLs over http).
  const localEndpoint = ENVIRONMENT === 'local' && process.env.AWS_ENDPOINT_URL;
  job ??= documentJob({
    vendor: documentVendor(),
    s3,
    bucket: {
      bucket: DOCUMENT_BUCKET,
      region: process.env.AWS_REGION ?? 'us-east-1',
      localEndpointHosts: localEndpoint ? [new URL(localEndpoint).host] : [],
    },
    maxImageBytes: MAX_IMAGE_BYTES,
  });
  return runJob(job, event, jobRuntime('document', config(), context));
});
