import type { AddressResult, DocumentResult, JobType, ResolutionResult } from '@backend/contracts';
import { emptyDocumentVerdict } from '@backend/vendors';

/** A result that carries no verdict: the job could not reach one, for the reason in `exception`. */
export function failedAddressResult(exception: string, stage: string, timedOut = false): AddressResult {
  return {
    success: false,
    errors: {},
    messages: [],
    exception,
    timed_out: timedOut,
    transaction_id: null,
    context: { stages: [{ address: stage }] },
  };
}

export function failedResolutionResult(exception: string, timedOut = false): ResolutionResult {
  return {
    success: false,
    errors: {},
    messages: [],
    exception,
    timed_out: timedOut,
    transaction_id: null,
    context: { stages: [] },
  };
}

export function failedDocumentResult(exception: string): DocumentResult {
  return { ...emptyDocumentVerdict(), success: false, errors: {}, exception };
}

/** The failure result of any job type, for the failure path that only knows the type. */
export function failedResult(type: JobType, exception: string): object {
  switch (type) {
    case 'address':
      return failedAddressResult(exception, 'unknown');
    case 'resolution':
      return failedResolutionResult(exception);
    case 'document':
      return failedDocumentResult(exception);
  }
}
