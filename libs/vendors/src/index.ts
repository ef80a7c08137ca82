export { MockAddressVendor } from './address/mock.js';
export type { AddressApplicant, AddressVendor } from './address/types.js';
export { VendorError, VendorTimeoutError } from './errors.js';
export type { VendorCallOptions, VendorVerdict } from './types.js';
