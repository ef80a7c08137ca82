export { runAddressJob, type AddressJobDependencies, type JobSummary } from './address-job.js';
export {
  deliverCallback,
  type CallbackDelivery,
  type CallbackOptions,
  type CallbackRequest,
} from './callback.js';
export { checkCallbackUrl, resultIdOf, type CallbackPolicy } from './callback-url.js';
export { jobDeadlines, untilAborted, type JobDeadlineInput, type JobDeadlines } from './deadline.js';
export { CallbackDeliveryError, CallbackRejectedError, CallbackUrlError } from './errors.js';
export { exceptionText } from './exception.js';
