import {
  validateProofResolutionInput,
  type ProofResolutionInput,
  type ResolutionResult,
} from '@backend/contracts';
import { validatorFrom } from '@backend/platform';
import type { ResolutionVendor, StateIdVendor, VendorVerdict } from '@backend/vendors';
import { applicantOf } from './address-job.js';
import type { ProofingJob } from './job.js';
import { failedResolutionResult } from './results.js';
import { callVendor, type VendorOutcome } from './vendor-call.js';

const validateInput = validatorFrom(validateProofResolutionInput);

export interface ResolutionVendors {
  resolution: ResolutionVendor;
  stateId: StateIdVendor;
}

type Stage = ResolutionResult['context']['stages'][number];

/**
 * Resolution proofing, in the IDP's order: InstantVerify, then the state ID check when `should_proof_state_id`
 * and InstantVerify passed. With `dob_year_only` (and a state ID to check) the order flips: the state ID check
 * verifies the full DOB first, then InstantVerify matches the year of birth only. Results merge: every stage
 * must pass, errors and messages add up, the first exception wins.
 */
export function resolutionJob(vendors: ResolutionVendors): ProofingJob<unknown, ResolutionResult> {
  return {
    type: 'resolution',
    sensitiveValues: (event) => Object.values(applicantOf(event)),
    failed: (exception) => failedResolutionResult(exception),
    async proof(event, deadlines): Promise<ResolutionResult> {
      const input: ProofResolutionInput = validateInput(event);
      const { applicant_pii: pii, should_proof_state_id: proofStateId } = input;
      const signal = deadlines.vendor;
      const resolution = (dobYearOnly: boolean) => async () => ({
        stage: { resolution: vendors.resolution.name } as Stage,
        outcome: await callVendor(vendors.resolution.name, signal, (s) =>
          vendors.resolution.proof({ ...pii, dob_year_only: dobYearOnly }, { signal: s }),
        ),
      });
      const stateId = async () => ({
        stage: { state_id: vendors.stateId.name } as Stage,
        outcome: await callVendor(vendors.stateId.name, signal, (s) =>
          vendors.stateId.proof(pii, { signal: s }),
        ),
      });

      const order =
        input.dob_year_only && proofStateId
          ? [stateId, resolution(true)]
          : [resolution(false), ...(proofStateId ? [stateId] : [])];
      const stages: { stage: Stage; outcome: VendorOutcome<VendorVerdict> }[] = [];
      for (const run of order) {
        const ran = await run();
        stages.push(ran);
        if (!ran.outcome.ok || !ran.outcome.verdict.success) break;
      }
      return merge(stages);
    },
  };
}

function merge(stages: { stage: Stage; outcome: VendorOutcome<VendorVerdict> }[]): ResolutionResult {
  const result: ResolutionResult = {
    success: true,
    errors: {},
    messages: [],
    exception: null,
    timed_out: false,
    transaction_id: null,
    context: { stages: [] },
  };
  for (const { stage, outcome } of stages) {
    const transactionId = outcome.ok ? outcome.verdict.transaction_id : null;
    result.context.stages.push({ ...stage, transaction_id: transactionId });
    if ('resolution' in stage) result.transaction_id = transactionId;
    if (!outcome.ok) {
      result.success = false;
      result.exception ??= outcome.exception;
      result.timed_out ||= outcome.timedOut;
      continue;
    }
    result.success &&= outcome.verdict.success;
    for (const [attribute, messages] of Object.entries(outcome.verdict.errors)) {
      result.errors[attribute] = [...(result.errors[attribute] ?? []), ...messages];
    }
    result.messages.push(...outcome.verdict.messages);
  }
  return result;
}
