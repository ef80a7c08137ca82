import { validateProofAddressInput, type AddressResult, type ProofAddressInput } from '@backend/contracts';
import { validatorFrom } from '@backend/platform';
import type { AddressVendor } from '@backend/vendors';
import type { ProofingJob } from './job.js';
import { failedAddressResult } from './results.js';
import { callVendor } from './vendor-call.js';

const validateInput = validatorFrom(validateProofAddressInput);

/** Address proofing: the phone vendor (LexisNexis PhoneFinder, or the mock) verifies the applicant's phone. */
export function addressJob(vendor: AddressVendor): ProofingJob<unknown, AddressResult> {
  return {
    type: 'address',
    sensitiveValues: (event) => Object.values(applicantOf(event)),
    failed: (exception) => failedAddressResult(exception, vendor.name),
    async proof(event, deadlines): Promise<AddressResult> {
      const input: ProofAddressInput = validateInput(event);
      const outcome = await callVendor(vendor.name, deadlines.vendor, (signal) =>
        vendor.proof(input.applicant_pii, { signal }),
      );
      if (!outcome.ok) return failedAddressResult(outcome.exception, vendor.name, outcome.timedOut);
      const { verdict } = outcome;
      return {
        success: verdict.success,
        errors: verdict.errors,
        messages: verdict.messages,
        exception: null,
        timed_out: false,
        transaction_id: verdict.transaction_id,
        context: { stages: [{ address: vendor.name }] },
      };
    },
  };
}

/** The applicant object of a payload that may not have passed validation yet. */
export function applicantOf(event: unknown): Record<string, unknown> {
  const pii = (event as { applicant_pii?: unknown } | null)?.applicant_pii;
  return pii && typeof pii === 'object' ? (pii as Record<string, unknown>) : {};
}
