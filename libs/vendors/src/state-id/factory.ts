import { AamvaStateIdVendor } from '../aamva/state-id.js';
import { clientOptions, unknownVendor, type VendorSelection } from '../shared/selection.js';
import { MockStateIdVendor } from './mock.js';
import type { StateIdVendor } from './types.js';

/** The state ID vendor of an environment: the IDP-compatible mock, or AAMVA DLDV. */
export function createStateIdVendor(selection: VendorSelection<'aamva'>): StateIdVendor {
  switch (selection.kind) {
    case 'mock':
      return new MockStateIdVendor();
    case 'aamva':
      return new AamvaStateIdVendor(clientOptions(selection));
    default:
      return unknownVendor('state ID', selection);
  }
}
