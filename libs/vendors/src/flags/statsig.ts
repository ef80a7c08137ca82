import { logger as platformLogger } from '@backend/platform';
import type * as StatsigSdkModule from '@statsig/statsig-node-core';
import type { Statsig, StatsigOptions, StatsigUser } from '@statsig/statsig-node-core';
import { VendorConfigError } from '../errors.js';
import { readSecret, type SecretSource } from '../shared/secret-config.js';
import { DeclaredFlagSource } from './declarations.js';
import type { FlagContext, FlagDeclarations, FlagLogger } from './types.js';

type StatsigSdk = typeof StatsigSdkModule;

/**
 * The SDK is native (a Rust core with a prebuilt binary per platform), which esbuild cannot bundle: every build marks
 * it external (NATIVE_RUNTIME_PACKAGES in tools/release/esbuild.config.mjs). The import is literal and dynamic, so a
 * bundle's metafile shows whether a function still reaches it after tree-shaking; `tools/release` ships exactly those
 * functions with it in their zip's node_modules, and a function that never checks a StatSig flag neither loads nor
 * ships it (libs/vendors/README.md).
 */
const loadStatsigSdk = (): Promise<StatsigSdk> => import('@statsig/statsig-node-core');

/** StatSig server secret keys look like `secret-<letters and digits>`. */
const SERVER_KEY_PATTERN = /^secret-[A-Za-z0-9]{8,200}$/;

export interface StatsigFeatureFlagsOptions<Flag extends string> {
  readonly declarations: FlagDeclarations<Flag>;
  /** Secrets Manager secret whose value is the StatSig server secret key (plain text). */
  readonly secretName: string;
  readonly secrets?: SecretSource;
  /** StatSig's environment tier (`production`, `staging`, `development`); the project's default otherwise. */
  readonly environment?: string;
  /**
   * Record exposures (what StatSig's experiments need). Off by default: a flag check is not an experiment,
   * and events queued in a Lambda that is frozen between invocations may never be sent.
   */
  readonly logExposures?: boolean;
  /** Options handed to the SDK as they are, after ours: how tests give it rules without the network. */
  readonly sdkOptions?: StatsigOptions;
  /** After a failed start (the key could not be read), how long checks answer defaults before trying again. */
  readonly retryAfterSeconds?: number;
  readonly logger?: FlagLogger;
  readonly now?: () => number;
  /** The SDK module; loaded on first use by default. */
  readonly sdk?: StatsigSdk;
}

interface Started {
  readonly sdk: StatsigSdk;
  readonly statsig: Statsig;
}

/**
 * Flags evaluated by StatSig's official server SDK (`@statsig/statsig-node-core`): rules and targeting live in
 * StatSig, the SDK downloads them at start and keeps them in sync in the background, and each check is
 * evaluated locally, without a request. A gate StatSig does not know, an SDK without rules (its start failed,
 * the network is down) or a key that cannot be read answers the flag's declared default, and is logged.
 * Nothing touches the network or the SDK until the first check.
 */
export class StatsigFeatureFlags<Flag extends string> extends DeclaredFlagSource<Flag> {
  private readonly logger: FlagLogger;
  private readonly now: () => number;
  private starting: Promise<Started | undefined> | undefined;
  private retryAt = 0;
  /** Each flag's fallback is logged once per container, not on every check. */
  private readonly warned = new Set<string>();

  constructor(private readonly options: StatsigFeatureFlagsOptions<Flag>) {
    super(options.declarations);
    this.logger = options.logger ?? platformLogger;
    this.now = options.now ?? Date.now;
  }

  async isEnabled(flag: Flag, context: FlagContext = {}): Promise<boolean> {
    const fallback = this.defaultOf(flag);
    const started = await this.start();
    if (started === undefined) return fallback;
    const { sdk, statsig } = started;
    let gate;
    try {
      gate = statsig.getFeatureGate(statsigUser(sdk, context), flag, {
        disableExposureLogging: this.options.logExposures !== true,
      });
    } catch {
      // The SDK's text may quote the user; only the fact is logged.
      return this.fallBack(flag, fallback, 'StatSig failed to evaluate the gate');
    }
    const reason = gate.details.reason;
    if (/(^|:)Recognized$/.test(reason)) return gate.value;
    if (/Unrecognized$/.test(reason)) return this.fallBack(flag, fallback, 'StatSig does not know this gate');
    return this.fallBack(flag, fallback, `StatSig has no rules (${safeReason(reason)})`);
  }

  async close(): Promise<void> {
    const started = await this.starting?.catch(() => undefined);
    this.starting = undefined;
    await started?.statsig.shutdown();
  }

  private start(): Promise<Started | undefined> {
    if (this.starting === undefined) {
      if (this.now() < this.retryAt) return Promise.resolve(undefined);
      this.starting = this.startSdk();
    }
    return this.starting;
  }

  private async startSdk(): Promise<Started | undefined> {
    let key: string;
    try {
      key = await readSecret(this.options.secretName, this.options.secrets);
      if (!SERVER_KEY_PATTERN.test(key.trim())) {
        throw new VendorConfigError(`StatSig secret ${this.options.secretName} is not a server secret key`);
      }
    } catch (error) {
      return this.failedStart(error instanceof Error ? error.message : 'key could not be read');
    }
    try {
      const sdk = this.options.sdk ?? (await loadStatsigSdk());
      const statsig = new sdk.Statsig(key.trim(), {
        outputLogLevel: 'none',
        // Checks carry no IP address to locate.
        disableCountryLookup: true,
        ...(this.options.environment ? { environment: this.options.environment } : {}),
        ...this.options.sdkOptions,
      });
      const result = await statsig.initialize();
      // Without rules the SDK keeps syncing in the background; checks answer defaults until it has them.
      if (!result.isSuccess) {
        this.logger.warn('StatSig started without rules; flags answer their defaults until it syncs');
      }
      return { sdk, statsig };
    } catch {
      // The SDK's messages may carry the key (masked, but still): only the fact is logged.
      return this.failedStart('the StatSig SDK failed to start');
    }
  }

  private failedStart(reason: string): undefined {
    this.logger.warn('StatSig could not start; flags answer their declared defaults', { reason });
    this.retryAt = this.now() + (this.options.retryAfterSeconds ?? 30) * 1000;
    this.starting = undefined;
    return undefined;
  }

  private fallBack(flag: Flag, fallback: boolean, reason: string): boolean {
    const key = `${flag}\n${reason}`;
    if (this.warned.has(key)) return fallback;
    this.warned.add(key);
    this.logger.warn('feature flag answered its declared default', { flag, default: fallback, reason });
    return fallback;
  }
}

function statsigUser(sdk: StatsigSdk, context: FlagContext): StatsigUser {
  return new sdk.StatsigUser({
    userID: context.userId ?? '',
    ...(context.attributes ? { custom: { ...context.attributes } } : {}),
  });
}

/** The SDK's evaluation reasons are short codes (`NoValues`, `Adapter(DataStore):Recognized`); nothing else is kept. */
const safeReason = (reason: string): string =>
  /^[A-Za-z0-9():_ -]{1,60}$/.test(reason) ? reason : 'unknown';
