import type { SSMClient } from '@aws-sdk/client-ssm';
import { getSecureParameter, logger as platformLogger, ParameterError } from '@backend/platform';
import { VendorConfigError } from '../errors.js';
import { DeclaredFlagSource } from './declarations.js';
import type { FlagContext, FlagDeclarations, FlagLogger } from './types.js';

export interface SsmFeatureFlagsOptions<Flag extends string> {
  readonly declarations: FlagDeclarations<Flag>;
  /** Flag `x` is the parameter `<parameterPrefix>/x`, e.g. `/prod/<service>/flags`. */
  readonly parameterPrefix: string;
  readonly ssmClient?: SSMClient;
  /** How long a value read is served from memory: 30 s by default, so a change is live within that. */
  readonly ttlSeconds?: number;
  /** How long a failed read answers the default before SSM is asked again: 5 s by default. */
  readonly failureTtlSeconds?: number;
  readonly logger?: FlagLogger;
  /** The clock, in milliseconds; tests move it. */
  readonly now?: () => number;
}

interface CachedFlag {
  readonly value: boolean;
  readonly expiresAt: number;
}

const PREFIX_PATTERN = /^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/;

/**
 * Flags kept in SSM Parameter Store, one `String` parameter per flag holding `true` or `false`. One parameter
 * per flag (rather than one JSON document) so that an operator changes one flag with one `put-parameter`, each
 * flag has its own history, and a bad value breaks only its own flag. Every answer is cached for `ttlSeconds`
 * (never for the container's lifetime); a missing, unreadable or malformed parameter answers the declared
 * default, is logged with the flag and parameter names only, and is asked again after `failureTtlSeconds`.
 */
export class SsmFeatureFlags<Flag extends string> extends DeclaredFlagSource<Flag> {
  private readonly cache = new Map<Flag, CachedFlag>();
  private readonly reading = new Map<Flag, Promise<boolean>>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly now: () => number;
  private readonly logger: FlagLogger;

  constructor(private readonly options: SsmFeatureFlagsOptions<Flag>) {
    super(options.declarations);
    if (!PREFIX_PATTERN.test(options.parameterPrefix)) {
      throw new VendorConfigError(
        'feature flag parameter prefix must be an absolute SSM path without a trailing /',
      );
    }
    this.ttlMs = (options.ttlSeconds ?? 30) * 1000;
    this.failureTtlMs = (options.failureTtlSeconds ?? 5) * 1000;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? platformLogger;
  }

  /** The parameter that holds a flag. */
  parameterName(flag: Flag): string {
    return `${this.options.parameterPrefix}/${flag}`;
  }

  async isEnabled(flag: Flag, _context?: FlagContext): Promise<boolean> {
    const fallback = this.defaultOf(flag);
    const cached = this.cache.get(flag);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.value;
    // Concurrent checks of a flag whose value expired share one read.
    let read = this.reading.get(flag);
    if (read === undefined) {
      read = this.read(flag, fallback).finally(() => this.reading.delete(flag));
      this.reading.set(flag, read);
    }
    return read;
  }

  async close(): Promise<void> {
    this.cache.clear();
  }

  private async read(flag: Flag, fallback: boolean): Promise<boolean> {
    const parameter = this.parameterName(flag);
    let text: string;
    try {
      // This class caches (failures too), so the platform's cache is not layered under it.
      text = await getSecureParameter(parameter, {
        maxAgeSeconds: 0,
        ...(this.options.ssmClient ? { ssmClient: this.options.ssmClient } : {}),
      });
    } catch (error) {
      const reason = error instanceof ParameterError ? error.message : 'read failed';
      return this.fallBack(flag, fallback, reason);
    }
    const value = text.trim().toLowerCase();
    if (value !== 'true' && value !== 'false') {
      return this.fallBack(flag, fallback, `SSM parameter ${parameter} is neither true nor false`);
    }
    this.cache.set(flag, { value: value === 'true', expiresAt: this.now() + this.ttlMs });
    return value === 'true';
  }

  private fallBack(flag: Flag, fallback: boolean, reason: string): boolean {
    this.logger.warn('feature flag read failed; answering its declared default', {
      flag,
      default: fallback,
      reason,
    });
    this.cache.set(flag, { value: fallback, expiresAt: this.now() + this.failureTtlMs });
    return fallback;
  }
}
