import {
  validateProofResolutionInput,
  type ProofResolutionInput,
  type ResolutionResult,
} from '@backend/contracts';
import { logger, validatorFrom } from '@backend/platform';
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
 * first, then InstantVerify, which matches the year of birth only if the state ID check verified the full DOB
 * (and the full date otherwise). Results merge: every stage must pass, errors and messages add up, the first
 * exception wins.
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

      type Ran = { stage: Stage; outcome: VendorOutcome<VendorVerdict> };
      const passed = (ran: Ran) => ran.outcome.ok && ran.outcome.verdict.success;
      const stages: Ran[] = [];
      if (input.dob_year_only && proofStateId) {
        const state = await stateId();
        stages.push(state);
        if (passed(state)) {
          // Only a check of the issuing state's records that matched the date of birth excuses InstantVerify's
          // full-date check; a state ID that passed unchecked (a jurisdiction AAMVA does not serve) is no evidence.
          const dobVerified = state.outcome.ok && state.outcome.verdict.verified.includes('dob');
          if (!dobVerified) logger.info('state ID did not verify the date of birth: full-date check kept');
          stages.push(await resolution(dobVerified)());
        }
      } else {
        const resolved = await resolution(false)();
        stages.push(resolved);
        if (proofStateId && passed(resolved)) stages.push(await stateId());
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
  // Attribute names come from vendors' answers: a Map, so `constructor` or `__proto__` is just a name.
  const errors = new Map<string, string[]>();
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
      errors.set(attribute, [...(errors.get(attribute) ?? []), ...messages]);
    }
    result.messages.push(...outcome.verdict.messages);
  }
  result.errors = Object.fromEntries(errors);
  return result;
}
