import { AcuantAssureIdVendor } from '../acuant/client.js';
import { clientOptions, unknownVendor, type VendorSelection } from '../shared/selection.js';
import { MockDocumentVendor } from './mock.js';
import type { DocumentVendor } from './types.js';

/** The document vendor of an environment: the IDP-compatible mock, or Acuant AssureID. */
export function createDocumentVendor(selection: VendorSelection<'acuant'>): DocumentVendor {
  switch (selection.kind) {
    case 'mock':
      return new MockDocumentVendor();
    case 'acuant':
      return new AcuantAssureIdVendor(clientOptions(selection));
    default:
      return unknownVendor('document', selection);
  }
}
