import type { HttpClient } from '@backend/platform';
import { VendorConfigError } from '../errors.js';
import type { SecretSource } from './secret-config.js';

/**
 * Which vendor an environment uses for one kind of proofing: the IDP-compatible mock, or a real vendor
 * configured by a Secrets Manager secret. `http` and `secrets` are injected by tests.
 */
export type VendorSelection<Kind extends string> =
  { kind: 'mock' } | { kind: Kind; secretName: string; http?: HttpClient; secrets?: SecretSource };

/** A selection read from configuration at run time may name a vendor this kind does not have. */
export function unknownVendor(what: string, selection: { kind: string }): never {
  throw new VendorConfigError(`no ${what} vendor of kind ${JSON.stringify(selection.kind)}`);
}

export const clientOptions = (selection: {
  secretName: string;
  http?: HttpClient;
  secrets?: SecretSource;
}) => ({
  secretName: selection.secretName,
  ...(selection.http ? { http: selection.http } : {}),
  ...(selection.secrets ? { secrets: selection.secrets } : {}),
});
