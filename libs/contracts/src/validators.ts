import type { ValidateFunction } from 'ajv';
import type {
  ChangePasswordInput,
  CreateUserInput,
  LoginInput,
  LostPasswordInput,
  ResetPasswordInput,
  VerifyUserInput,
} from './accounts/schemas.js';
import validators from './generated/validators.cjs';
import type { License } from './licensing/license.js';
import type { FlagCheckInput, ProviderRegistrationInput } from './licensing/public.js';
import type { BulkProvidersRequest, ProviderQuery } from './licensing/read.js';
import type { ProofAddressInput } from './proofing/address.js';
import type { ProofDocumentInput } from './proofing/document.js';
import type { ProofResolutionInput } from './proofing/resolution.js';
import type { SendMessageRequest } from './messages/api.js';

// Compiled ahead of time (scripts/validators.ts), so that no function compiles a schema, or even loads the
// Ajv compiler, on a cold start. A test fails when they drift from the schemas.
export const validateProofAddressInput = validators.proofAddressInput as ValidateFunction<ProofAddressInput>;
export const validateProofResolutionInput =
  validators.proofResolutionInput as ValidateFunction<ProofResolutionInput>;
export const validateProofDocumentInput =
  validators.proofDocumentInput as ValidateFunction<ProofDocumentInput>;
export const validateSendMessageRequest =
  validators.messagesSendInput as ValidateFunction<SendMessageRequest>;

export const validateCreateUserInput =
  validators.accountsCreateUserInput as ValidateFunction<CreateUserInput>;
export const validateVerifyUserInput =
  validators.accountsVerifyUserInput as ValidateFunction<VerifyUserInput>;
export const validateLoginInput = validators.accountsLoginInput as ValidateFunction<LoginInput>;
export const validateChangePasswordInput =
  validators.accountsChangePasswordInput as ValidateFunction<ChangePasswordInput>;
export const validateLostPasswordInput =
  validators.accountsLostPasswordInput as ValidateFunction<LostPasswordInput>;
export const validateResetPasswordInput =
  validators.accountsResetPasswordInput as ValidateFunction<ResetPasswordInput>;
export const validateLicenseInput = validators.licenseInput as ValidateFunction<License>;
export const validateProviderRegistrationInput =
  validators.licensingProviderRegistrationInput as ValidateFunction<ProviderRegistrationInput>;
export const validateFlagCheckInput = validators.licensingFlagCheckInput as ValidateFunction<FlagCheckInput>;
export const validateProviderQuery =
  validators.licensingProviderQueryInput as ValidateFunction<ProviderQuery>;
export const validateBulkProvidersRequest =
  validators.licensingBulkProvidersInput as ValidateFunction<BulkProvidersRequest>;
