import { errorEnvelopeSchema } from './error-envelope.js';
import { licenseSchema } from './licensing/license.js';
import { licensingReadSchemas } from './licensing/read.js';
import { addressCallbackSchema, proofAddressInputSchema } from './proofing/address.js';
import { documentCallbackSchema, proofDocumentInputSchema } from './proofing/document.js';
import { proofResolutionInputSchema, resolutionCallbackSchema } from './proofing/resolution.js';
import { sendMessageRequestSchema } from './messages/api.js';
import * as accounts from './accounts/schemas.js';
import * as licensingPublic from './licensing/public.js';

/**
 * The schemas published as plain JSON under `libs/contracts/schemas/<$id>` for callers that are not
 * TypeScript (the IDP). `npx nx run contracts:generate` writes them; a test fails when they drift.
 */
export const exportedSchemas = [
  proofAddressInputSchema,
  addressCallbackSchema,
  proofResolutionInputSchema,
  resolutionCallbackSchema,
  proofDocumentInputSchema,
  documentCallbackSchema,
  sendMessageRequestSchema,
  accounts.createUserInputSchema,
  accounts.verifyUserInputSchema,
  accounts.loginInputSchema,
  accounts.changePasswordInputSchema,
  accounts.lostPasswordInputSchema,
  accounts.resetPasswordInputSchema,
  accounts.acceptedOutputSchema,
  accounts.doneOutputSchema,
  accounts.loginOutputSchema,
  errorEnvelopeSchema,
  licenseSchema,
  licensingPublic.providerRegistrationInputSchema,
  licensingPublic.registrationAcceptedOutputSchema,
  licensingPublic.flagCheckInputSchema,
  licensingPublic.flagCheckOutputSchema,
  ...licensingReadSchemas,
] as const;
