import { DeclaredFlagSource } from './declarations.js';
import type { FlagContext, FlagDeclarations } from './types.js';

/**
 * Flags with values fixed in code: the declared defaults, with `values` on top. The mock of the flag sources,
 * for tests and for an environment that has no flag source; `set` changes a value while it runs.
 */
export class FixedFeatureFlags<Flag extends string> extends DeclaredFlagSource<Flag> {
  private readonly values = new Map<Flag, boolean>();

  constructor(declarations: FlagDeclarations<Flag>, values: Partial<Record<Flag, boolean>> = {}) {
    super(declarations);
    for (const [flag, value] of Object.entries(values) as [Flag, boolean | undefined][]) {
      if (value !== undefined) this.set(flag, value);
    }
  }

  set(flag: Flag, value: boolean): void {
    this.defaultOf(flag);
    this.values.set(flag, value);
  }

  async isEnabled(flag: Flag, _context?: FlagContext): Promise<boolean> {
    const fallback = this.defaultOf(flag);
    return this.values.get(flag) ?? fallback;
  }

  async close(): Promise<void> {}
}
