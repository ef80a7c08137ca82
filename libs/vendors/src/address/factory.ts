import { LexisNexisPhoneFinder } from '../lexisnexis/phone-finder.js';
import { clientOptions, unknownVendor, type VendorSelection } from '../shared/selection.js';
import { MockAddressVendor } from './mock.js';
import type { AddressVendor } from './types.js';

/** The address vendor of an environment: the IDP-compatible mock, or LexisNexis PhoneFinder. */
export function createAddressVendor(selection: VendorSelection<'lexisnexis'>): AddressVendor {
  switch (selection.kind) {
    case 'mock':
      return new MockAddressVendor();
    case 'lexisnexis':
      return new LexisNexisPhoneFinder(clientOptions(selection));
    default:
      return unknownVendor('address', selection);
  }
}
