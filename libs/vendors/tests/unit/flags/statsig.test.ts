import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlagNotDeclaredError, StatsigFeatureFlags, type FlagDeclarations } from '../../../src/index.js';
import { freshSecretName, secretsAnswering } from '../../support/in-memory-secrets.js';
import { rulesStore } from './statsig-rules.js';

const SERVER_KEY = 'secret-Abcdefghijklmnop0123456789';

const declarations = {
  beta_registration: { default: false, description: 'registration for beta testers' },
  retired_feature: { default: true, description: 'turned off in StatSig' },
  not_in_statsig: { default: true, description: 'declared here, never created in StatSig' },
} satisfies FlagDeclarations;

type Flag = keyof typeof declarations;

const opened: StatsigFeatureFlags<Flag>[] = [];

function statsigFlags(options: { key?: () => string | Error; rules?: unknown; now?: () => number }) {
  const logger = { warn: vi.fn() };
  const store = rulesStore(options.rules);
  const flags = new StatsigFeatureFlags<Flag>({
    declarations,
    secretName: freshSecretName('statsig-server-key'),
    secrets: { secretsClient: secretsAnswering(options.key ?? (() => SERVER_KEY)) },
    sdkOptions: { disableNetwork: true, dataStore: store },
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  opened.push(flags);
  return { flags, logger, store };
}

const logged = (logger: { warn: ReturnType<typeof vi.fn> }) => JSON.stringify(logger.warn.mock.calls);

afterEach(async () => {
  await Promise.all(opened.splice(0).map((flags) => flags.close()));
});

describe('StatsigFeatureFlags (the server core SDK, rules from its DataStore adapter, no network)', () => {
  it("evaluates StatSig's rules for the user the check names", async () => {
    const { flags, store } = statsigFlags({});
    expect(await flags.isEnabled('beta_registration', { userId: 'u-1', attributes: { tier: 'beta' } })).toBe(
      true,
    );
    expect(
      await flags.isEnabled('beta_registration', { userId: 'u-2', attributes: { tier: 'general' } }),
    ).toBe(false);
    expect(await flags.isEnabled('beta_registration')).toBe(false);
    // The SDK read its rules through the adapter, once.
    expect(store.keys).toHaveLength(1);
    expect(store.keys[0]).toContain('download_config_specs');
  });

  it('answers what StatSig says for a gate it knows, even against the declared default', async () => {
    const { flags, logger } = statsigFlags({});
    expect(await flags.isEnabled('retired_feature', { userId: 'u-1' })).toBe(false);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('answers the declared default for a gate StatSig does not know, and logs it once', async () => {
    const { flags, logger } = statsigFlags({});
    expect(await flags.isEnabled('not_in_statsig', { userId: 'u-1' })).toBe(true);
    expect(await flags.isEnabled('not_in_statsig', { userId: 'u-2' })).toBe(true);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![1]).toMatchObject({ flag: 'not_in_statsig', default: true });
  });

  it('answers every declared default when the SDK has no rules (unreadable rules, no network)', async () => {
    const { flags, logger } = statsigFlags({ rules: 'not rules' });
    expect(await flags.isEnabled('beta_registration', { userId: 'u', attributes: { tier: 'beta' } })).toBe(
      false,
    );
    expect(await flags.isEnabled('retired_feature')).toBe(true);
    expect(logged(logger)).toContain('StatSig started without rules');
    expect(logged(logger)).toContain('NoValues');
    expect(logged(logger)).not.toContain(SERVER_KEY.slice(7));
  });

  it('answers defaults while the key cannot be read, and starts once it can (after the retry pause)', async () => {
    let clock = 1_000_000;
    let key: string | Error = Object.assign(new Error('boom'), { name: 'InternalServiceError' });
    const { flags, logger } = statsigFlags({ key: () => key, now: () => clock });
    expect(await flags.isEnabled('retired_feature')).toBe(true);
    expect(logged(logger)).toContain('StatSig could not start');
    key = SERVER_KEY;
    clock += 10_000; // within the 30 s pause: no new attempt
    expect(await flags.isEnabled('retired_feature')).toBe(true);
    clock += 30_000;
    expect(await flags.isEnabled('retired_feature')).toBe(false);
  });

  it('refuses a secret that is not a server secret key, without logging it', async () => {
    const clientKey = 'client-Abcdefghijklmnop0123456789';
    const { flags, logger } = statsigFlags({ key: () => clientKey });
    expect(await flags.isEnabled('not_in_statsig')).toBe(true);
    expect(logged(logger)).toContain('is not a server secret key');
    expect(logged(logger)).not.toContain(clientKey);
  });

  it('throws FlagNotDeclaredError for a flag the service never declared', async () => {
    const { flags } = statsigFlags({});
    expect(flags.isDeclared('beta_registration')).toBe(true);
    expect(flags.isDeclared('toString')).toBe(false);
    await expect(flags.isEnabled('nope' as Flag)).rejects.toBeInstanceOf(FlagNotDeclaredError);
  });
});
