import type { StateIdVerdict } from './types.js';

/**
 * The verdict for a jurisdiction the state ID vendor cannot check: it passes, as in the IDP, without a request
 * (and without a bill), and with nothing verified, so it is no evidence for any later step.
 */
export const unsupportedJurisdictionVerdict = (): StateIdVerdict => ({
  success: true,
  errors: {},
  messages: ['The state ID jurisdiction is not supported by AAMVA; the state ID was not checked.'],
  transaction_id: null,
  verified: [],
});
