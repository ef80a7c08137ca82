import type { Logger } from '@backend/platform';

/** One flag a service declares: the value every check answers when the flag's source cannot say. */
export interface FlagDeclaration {
  readonly default: boolean;
  /** What turning it on changes; shown to operators (Terraform's parameter description). */
  readonly description: string;
}

/** A service's flags by name. Names are what StatSig calls the gate and the last segment of the SSM parameter. */
export type FlagDeclarations<Flag extends string = string> = Readonly<Record<Flag, FlagDeclaration>>;

/**
 * Who a check is for. Sources that target users (StatSig) evaluate their rules on it; the SSM source has no
 * targeting and ignores it. Put opaque identifiers and coarse attributes here, never PII: StatSig receives them.
 */
export interface FlagContext {
  readonly userId?: string;
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Feature flags of one service. `isEnabled` never throws for a declared flag: when the source fails, the
 * flag's declared default is the answer (and the failure is logged). An undeclared flag is a programming
 * error (`FlagNotDeclaredError`); a route that takes the flag's name from a request checks `isDeclared` first.
 */
export interface FeatureFlags<Flag extends string = string> {
  readonly declarations: FlagDeclarations<Flag>;
  isDeclared(name: string): name is Flag;
  isEnabled(flag: Flag, context?: FlagContext): Promise<boolean>;
  /** Releases what the source holds (StatSig's background sync); nothing for SSM. */
  close(): Promise<void>;
}

/** Where a source logs why it fell back to a default (the platform's logger by default). Never a secret's value. */
export type FlagLogger = Pick<Logger, 'warn'>;
