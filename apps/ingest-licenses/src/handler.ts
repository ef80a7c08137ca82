import { deadlineSignal, parseS3EventRecord, remainingTimeMs, sqsBatchHandler } from '@backend/platform';
import { ingestUpload, licensingRuntime } from '@backend/licensing';

const runtime = licensingRuntime();

/**
 * Ingests the license files boards upload: S3 sends each object-created event to the ingest queue, one file per
 * invocation. A file that cannot be read fails its record, so the queue retries it and, after the last receive,
 * keeps it in the DLQ; a redelivered event of a finished file does nothing.
 */
export const handler = sqsBatchHandler(async (record, context) => {
  const deps = await runtime();
  // Batches stop 10 s before Lambda's timeout (a tenth of a timeout under 100 s, which a fixed 10 s would leave no
  // time to write in); the retried event resumes without writing a row twice.
  const reserveMs = Math.min(10_000, remainingTimeMs(context) / 10);
  const batch = { deadline: deadlineSignal(context, reserveMs) };
  for (const event of parseS3EventRecord(record)) await ingestUpload(event, { ...deps, batch });
});
