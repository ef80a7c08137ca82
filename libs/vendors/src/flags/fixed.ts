import { DeclaredFlags } from './declarations.js';
import type { FeatureFlags, FlagContext, FlagDeclarations } from './types.js';

/**
 * Flags with values fixed in code: the declared defaults, with `values` on top. The mock of the flag sources,
 * for tests and for an environment that has no flag source; `set` changes a value while it runs.
 */
export class FixedFeatureFlags<Flag extends string> implements FeatureFlags<Flag> {
  private readonly flags: DeclaredFlags<Flag>;
  private readonly values = new Map<Flag, boolean>();

  constructor(declarations: FlagDeclarations<Flag>, values: Partial<Record<Flag, boolean>> = {}) {
    this.flags = new DeclaredFlags(declarations);
    for (const [flag, value] of Object.entries(values) as [Flag, boolean | undefined][]) {
      if (value !== undefined) this.set(flag, value);
    }
  }

  get declarations(): FlagDeclarations<Flag> {
    return this.flags.declarations;
  }

  isDeclared(name: string): name is Flag {
    return this.flags.isDeclared(name);
  }

  set(flag: Flag, value: boolean): void {
    this.flags.defaultOf(flag);
    this.values.set(flag, value);
  }

  async isEnabled(flag: Flag, _context?: FlagContext): Promise<boolean> {
    const fallback = this.flags.defaultOf(flag);
    return this.values.get(flag) ?? fallback;
  }

  async close(): Promise<void> {}
}
