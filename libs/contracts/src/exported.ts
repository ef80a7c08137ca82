import { licenseSchema } from './licensing/license.js';
import { addressCallbackSchema, proofAddressInputSchema } from './proofing/address.js';
import { documentCallbackSchema, proofDocumentInputSchema } from './proofing/document.js';
import { proofResolutionInputSchema, resolutionCallbackSchema } from './proofing/resolution.js';

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
  licenseSchema,
] as const;
