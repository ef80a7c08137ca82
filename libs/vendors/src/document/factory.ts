import type { HttpClient } from '@backend/platform';
import { AcuantAssureIdVendor } from '../acuant/client.js';
import type { SecretSource } from '../shared/secret-config.js';
import { MockDocumentVendor } from './mock.js';
import type { DocumentVendor } from './types.js';

/** Which document vendor an environment uses: the IDP-compatible mock, or Acuant with its secret. */
export type DocumentVendorConfig =
  { kind: 'mock' } | { kind: 'acuant'; secretName: string; http?: HttpClient; secrets?: SecretSource };

/** Builds the environment's document vendor; nothing is fetched until the first `proof`. */
export function createDocumentVendor(config: DocumentVendorConfig): DocumentVendor {
  switch (config.kind) {
    case 'mock':
      return new MockDocumentVendor();
    case 'acuant':
      return new AcuantAssureIdVendor(config);
  }
}
