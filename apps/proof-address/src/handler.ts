import { asyncJobHandler, getSecureParameter } from '@backend/platform';
import { jobDeadlines, runAddressJob } from '@backend/proofing';
import { MockAddressVendor } from '@backend/vendors';
import { config } from './config.js';

const vendor = new MockAddressVendor();

export const handler = asyncJobHandler((event, context) => {
  const { CALLBACK_TOKEN_PARAMETER, CALLBACK_ALLOWED_HOSTS, ENVIRONMENT, JOB_BUDGET_MS } = config();
  return runAddressJob(event, {
    vendor,
    callbackToken: () => getSecureParameter(CALLBACK_TOKEN_PARAMETER),
    policy: { environment: ENVIRONMENT, allowedHosts: CALLBACK_ALLOWED_HOSTS },
    deadlines: jobDeadlines({ budgetMs: JOB_BUDGET_MS, remainingMs: context.getRemainingTimeInMillis() }),
  });
});
