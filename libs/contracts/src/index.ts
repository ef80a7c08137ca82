export {
  addressCallbackSchema,
  proofAddressInputSchema,
  type AddressCallback,
  type AddressResult,
  type ProofAddressInput,
} from './proofing/address.js';
export {
  documentCallbackSchema,
  proofDocumentInputSchema,
  type DocumentCallback,
  type DocumentResult,
  type ProofDocumentInput,
} from './proofing/document.js';
export {
  proofResolutionInputSchema,
  resolutionCallbackSchema,
  type ProofResolutionInput,
  type ResolutionCallback,
  type ResolutionResult,
} from './proofing/resolution.js';
export { exportedSchemas } from './exported.js';
export {
  validateProofAddressInput,
  validateProofDocumentInput,
  validateProofResolutionInput,
} from './validators.js';
