import type { SSMClient } from '@aws-sdk/client-ssm';
import { unknownVendor } from '../shared/selection.js';
import type { SecretSource } from '../shared/secret-config.js';
import { FixedFeatureFlags } from './fixed.js';
import { SsmFeatureFlags } from './ssm.js';
import { StatsigFeatureFlags } from './statsig.js';
import type { FeatureFlags, FlagDeclarations, FlagLogger } from './types.js';

/** Where an environment's flags come from (read from the function's configuration). */
export type FlagSourceSelection =
  | { kind: 'fixed'; values?: Readonly<Record<string, boolean>> }
  | { kind: 'ssm'; parameterPrefix: string; ssmClient?: SSMClient; ttlSeconds?: number }
  | { kind: 'statsig'; secretName: string; environment?: string; secrets?: SecretSource };

/**
 * A service's flags from the source its environment selects: `ssm` (the default source), `statsig`, or `fixed`
 * (the declared defaults, with `values` on top). A kind read from configuration that is none of these throws
 * `VendorConfigError`. Nothing is read until the first check.
 */
export function createFeatureFlags<Flag extends string>(
  declarations: FlagDeclarations<Flag>,
  selection: FlagSourceSelection,
  logger?: FlagLogger,
): FeatureFlags<Flag> {
  const logging = logger ? { logger } : {};
  switch (selection.kind) {
    case 'fixed':
      return new FixedFeatureFlags(declarations, (selection.values ?? {}) as Partial<Record<Flag, boolean>>);
    case 'ssm':
      return new SsmFeatureFlags({ declarations, ...selection, ...logging });
    case 'statsig':
      return new StatsigFeatureFlags({ declarations, ...selection, ...logging });
    default:
      return unknownVendor('feature flag', selection);
  }
}
