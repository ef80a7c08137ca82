import { deadlineSignal, parseS3EventRecord, sqsBatchHandler } from '@backend/platform';
import { ingestUpload, licensingRuntime } from '@backend/licensing';

const runtime = licensingRuntime();

/**
 * Ingests the license files boards upload: S3 sends each object-created event to the ingest queue, one file per
 * invocation. A file that cannot be read fails its record, so the queue retries it and, after the last receive,
 * keeps it in the DLQ; a redelivered event of a finished file does nothing.
 */
export const handler = sqsBatchHandler(async (record, context) => {
  const deps = await runtime();
  // Batches stop 10 s before Lambda's timeout; the retried event resumes without writing a row twice.
  const batch = { deadline: deadlineSignal(context, 10_000) };
  for (const event of parseS3EventRecord(record)) await ingestUpload(event, { ...deps, batch });
});
