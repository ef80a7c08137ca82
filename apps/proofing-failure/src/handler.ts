import { deadlineSignal, getSecureParameter, parseJsonRecord, sqsBatchHandler } from '@backend/platform';
import { reportFailedJob, type JobType } from '@backend/proofing';
import { config } from './config.js';

const tokenParameterOf = (type: JobType): string => {
  const c = config();
  return {
    address: c.ADDRESS_TOKEN_PARAMETER,
    resolution: c.RESOLUTION_TOKEN_PARAMETER,
    document: c.DOCUMENT_TOKEN_PARAMETER,
  }[type];
};

const signingKeyParameterOf = (type: JobType): string => {
  const c = config();
  return {
    address: c.ADDRESS_SIGNING_KEY_PARAMETER,
    resolution: c.RESOLUTION_SIGNING_KEY_PARAMETER,
    document: c.DOCUMENT_SIGNING_KEY_PARAMETER,
  }[type];
};

/** Consumes the proofing jobs' on-failure queue: each record is one job whose retries were spent. */
export const handler = sqsBatchHandler((record, context) => {
  const { CALLBACK_ALLOWED_HOSTS, ENVIRONMENT, REPORT_BUDGET_MS } = config();
  return reportFailedJob(parseJsonRecord(record), {
    callbackToken: (type) => getSecureParameter(tokenParameterOf(type)),
    callbackSigningKey: (type) => getSecureParameter(signingKeyParameterOf(type)),
    policy: { environment: ENVIRONMENT, allowedHosts: CALLBACK_ALLOWED_HOSTS },
    // The report's budget, or the Lambda's remaining time less a second to answer the batch, whichever is sooner.
    signal: deadlineSignal(context, 1_000, AbortSignal.timeout(REPORT_BUDGET_MS)),
  });
});
