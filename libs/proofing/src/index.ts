export { addressJob } from './address-job.js';
export {
  deliverCallback,
  type CallbackDelivery,
  type CallbackOptions,
  type CallbackRequest,
} from './callback.js';
export { CALLBACK_HOST_PATTERN, checkCallbackUrl, resultIdOf, type CallbackPolicy } from './callback-url.js';
export { jobDeadlines, untilAborted, type JobDeadlineInput, type JobDeadlines } from './deadline.js';
export { documentJob, type DocumentJobOptions } from './document-job.js';
export { documentLocation, type DocumentBucketPolicy, type DocumentLocation } from './document-location.js';
export { CallbackDeliveryError, CallbackRejectedError, CallbackUrlError } from './errors.js';
export { exceptionText } from './exception.js';
export { runJob, type JobRuntime, type JobSummary, type ProofingJob } from './job.js';
export { jobTypeOfFunction } from './job-types.js';
export {
  createOutcomeStore,
  outcomeRecordPrefix,
  type OutcomeStore,
  type OutcomeStoreOptions,
} from './outcome-store.js';
export { resolutionJob, type ResolutionVendors } from './resolution-job.js';
export {
  failedAddressResult,
  failedDocumentResult,
  failedResolutionResult,
  failedResult,
} from './results.js';
export {
  deriveOutcomeKey,
  jobRuntime,
  proofingConfigProperties,
  proofingConfigRequired,
  requireKeyMaterial,
  vendorSelection,
  type ProofingConfig,
} from './runtime.js';
export { reportFailedJob, type FailureReportDependencies } from './failure.js';
export {
  callbackSigningKeyParameter,
  callbackTokenParameter,
  documentBucket,
  outcomeKeyParameter,
  outcomesTable,
  proofingService,
} from './service.js';
