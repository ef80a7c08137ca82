import { FlagNotDeclaredError, VendorConfigError } from '../errors.js';
import type { FeatureFlags, FlagContext, FlagDeclarations } from './types.js';

/** Letters, digits, `_`, `-` and `.`: valid as a StatSig gate name and as an SSM parameter name segment. */
export const FLAG_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * A service's flag declarations, checked once: every name usable in both sources and every default a boolean
 * (a flag declared in plain JavaScript or read from configuration could carry anything).
 */
export function declareFlags<Flag extends string>(
  declarations: FlagDeclarations<Flag>,
): FlagDeclarations<Flag> {
  for (const [name, declaration] of Object.entries<{ default: unknown }>(declarations)) {
    if (!FLAG_NAME_PATTERN.test(name)) {
      throw new VendorConfigError(
        `feature flag name ${JSON.stringify(name)} must match ${String(FLAG_NAME_PATTERN)}`,
      );
    }
    if (typeof declaration?.default !== 'boolean') {
      throw new VendorConfigError(`feature flag ${name} must declare a boolean default`);
    }
  }
  return declarations;
}

/**
 * What every flag source shares: the checked declarations, `isDeclared`, and the declared default (which also
 * refuses a flag that was never declared).
 */
export abstract class DeclaredFlagSource<Flag extends string> implements FeatureFlags<Flag> {
  readonly declarations: FlagDeclarations<Flag>;

  constructor(declarations: FlagDeclarations<Flag>) {
    this.declarations = declareFlags(declarations);
  }

  isDeclared(name: string): name is Flag {
    return Object.hasOwn(this.declarations, name);
  }

  abstract isEnabled(flag: Flag, context?: FlagContext): Promise<boolean>;

  abstract close(): Promise<void>;

  /** The flag's declared default; throws `FlagNotDeclaredError` when the flag was never declared. */
  protected defaultOf(flag: string): boolean {
    if (!this.isDeclared(flag)) throw new FlagNotDeclaredError(flag);
    return this.declarations[flag].default;
  }
}
