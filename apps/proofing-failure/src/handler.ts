import { jobTypeVariable, type JobType } from '@backend/contracts';
import { deadlineSignal, getSecureParameter, parseJsonRecord, sqsBatchHandler } from '@backend/platform';
import { reportFailedJob, requireKeyMaterial } from '@backend/proofing';
import { config } from './config.js';

/** The SSM parameters of a job type's callback secrets: its token and its signing key. */
const callbackParameters = (type: JobType): { token: string; signingKey: string } => {
  const c = config();
  return {
    token: c[jobTypeVariable(type, 'TOKEN_PARAMETER')],
    signingKey: c[jobTypeVariable(type, 'SIGNING_KEY_PARAMETER')],
  };
};

const signingKeyOf = async (type: JobType): Promise<string> =>
  requireKeyMaterial(
    await getSecureParameter(callbackParameters(type).signingKey),
    jobTypeVariable(type, 'SIGNING_KEY_PARAMETER'),
  );

/** Consumes the proofing jobs' on-failure queue: each record is one job whose retries were spent. */
export const handler = sqsBatchHandler((record, context) => {
  const { CALLBACK_ALLOWED_HOSTS, ENVIRONMENT, REPORT_BUDGET_MS } = config();
  return reportFailedJob(parseJsonRecord(record), {
    callbackToken: (type) => getSecureParameter(callbackParameters(type).token),
    callbackSigningKey: signingKeyOf,
    policy: { environment: ENVIRONMENT, allowedHosts: CALLBACK_ALLOWED_HOSTS },
    // The report's budget, or the Lambda's remaining time less a second to answer the batch, whichever is sooner.
    signal: deadlineSignal(context, 1_000, AbortSignal.timeout(REPORT_BUDGET_MS)),
  });
});
