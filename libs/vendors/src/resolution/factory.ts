import { LexisNexisInstantVerify } from '../lexisnexis/instant-verify.js';
import { clientOptions, unknownVendor, type VendorSelection } from '../shared/selection.js';
import { MockResolutionVendor } from './mock.js';
import type { ResolutionVendor } from './types.js';

/** The resolution vendor of an environment: the IDP-compatible mock, or LexisNexis InstantVerify. */
export function createResolutionVendor(selection: VendorSelection<'lexisnexis'>): ResolutionVendor {
  switch (selection.kind) {
    case 'mock':
      return new MockResolutionVendor();
    case 'lexisnexis':
      return new LexisNexisInstantVerify(clientOptions(selection));
    default:
      return unknownVendor('resolution', selection);
  }
}
