import type { ValidateFunction } from 'ajv';
import validators from './generated/validators.cjs';
import type { License } from './licensing/license.js';
import type { ProofAddressInput } from './proofing/address.js';
import type { ProofDocumentInput } from './proofing/document.js';
import type { ProofResolutionInput } from './proofing/resolution.js';

// Compiled ahead of time (scripts/validators.ts), so that no function compiles a schema, or even loads the
// Ajv compiler, on a cold start. A test fails when they drift from the schemas.
export const validateProofAddressInput = validators.proofAddressInput as ValidateFunction<ProofAddressInput>;
export const validateProofResolutionInput =
  validators.proofResolutionInput as ValidateFunction<ProofResolutionInput>;
export const validateProofDocumentInput =
  validators.proofDocumentInput as ValidateFunction<ProofDocumentInput>;
export const validateLicenseInput = validators.licenseInput as ValidateFunction<License>;
