export { MockAddressVendor } from './address/mock.js';
export type { AddressApplicant, AddressVendor } from './address/types.js';
export type {
  DocumentCallOptions,
  DocumentImages,
  DocumentPii,
  DocumentVendor,
  DocumentVerdict,
} from './document/types.js';
export { VendorError, VendorTimeoutError } from './errors.js';
export type { ResolutionApplicant, ResolutionVendor } from './resolution/types.js';
export type { StateIdApplicant, StateIdVendor } from './state-id/types.js';
export type { VendorCallOptions, VendorVerdict } from './types.js';
