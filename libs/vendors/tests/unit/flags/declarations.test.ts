import { describe, expect, it } from 'vitest';
import {
  FixedFeatureFlags,
  FlagNotDeclaredError,
  SsmFeatureFlags,
  StatsigFeatureFlags,
  VendorConfigError,
  createFeatureFlags,
  declareFlags,
  type FlagSourceSelection,
} from '../../../src/index.js';

const declarations = declareFlags({
  new_checkout: { default: false, description: 'the new checkout' },
  'legacy.export': { default: true, description: 'the old export' },
});

describe('declareFlags', () => {
  it.each(['', 'has space', 'slash/inside', 'a'.repeat(101), 'émoji'])('refuses the name %j', (name) => {
    expect(() => declareFlags({ [name]: { default: true, description: 'x' } })).toThrow(VendorConfigError);
  });

  it('refuses a default that is not a boolean', () => {
    const bad = { flag: { default: 'true', description: 'x' } } as unknown as Parameters<
      typeof declareFlags
    >[0];
    expect(() => declareFlags(bad)).toThrow(/must declare a boolean default/);
  });
});

describe('FixedFeatureFlags (the mock)', () => {
  it('answers the declared defaults, with the given values and later changes on top', async () => {
    const flags = new FixedFeatureFlags(declarations, { new_checkout: true });
    expect(await flags.isEnabled('new_checkout')).toBe(true);
    expect(await flags.isEnabled('legacy.export')).toBe(true);
    flags.set('legacy.export', false);
    expect(await flags.isEnabled('legacy.export', { userId: 'anyone' })).toBe(false);
  });

  it('knows only declared flags, not inherited names', async () => {
    const flags = new FixedFeatureFlags(declarations);
    expect(flags.isDeclared('new_checkout')).toBe(true);
    expect(flags.isDeclared('constructor')).toBe(false);
    await expect(flags.isEnabled('constructor' as 'new_checkout')).rejects.toBeInstanceOf(
      FlagNotDeclaredError,
    );
    expect(() => flags.set('other' as 'new_checkout', true)).toThrow(FlagNotDeclaredError);
  });
});

describe('createFeatureFlags', () => {
  it('builds the source the selection names, touching nothing', () => {
    expect(createFeatureFlags(declarations, { kind: 'fixed' })).toBeInstanceOf(FixedFeatureFlags);
    expect(
      createFeatureFlags(declarations, { kind: 'ssm', parameterPrefix: '/prod/svc/flags' }),
    ).toBeInstanceOf(SsmFeatureFlags);
    expect(createFeatureFlags(declarations, { kind: 'statsig', secretName: 'statsig' })).toBeInstanceOf(
      StatsigFeatureFlags,
    );
  });

  it('refuses a kind it does not know and an SSM prefix that is not an absolute path', () => {
    expect(() =>
      createFeatureFlags(declarations, { kind: 'launchdarkly' } as unknown as FlagSourceSelection),
    ).toThrow(VendorConfigError);
    for (const parameterPrefix of ['prod/flags', '/prod/flags/', '/prod flags']) {
      expect(() => createFeatureFlags(declarations, { kind: 'ssm', parameterPrefix })).toThrow(
        /absolute SSM path/,
      );
    }
  });
});
