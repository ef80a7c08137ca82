import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SsmFeatureFlags, type FlagDeclarations } from '../../../src/index.js';

const declarations = {
  new_checkout: { default: false, description: 'the new checkout' },
  legacy_export: { default: true, description: 'the old export' },
} satisfies FlagDeclarations;
type Flag = keyof typeof declarations;

let cloud: TestLocalCloud;
let ssm: SSMClient;
let prefixCounter = 0;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [] });
  ssm = new SSMClient(cloud.clientConfig);
});

afterEach(async () => {
  await cloud.clearFaults();
});

afterAll(async () => {
  ssm?.destroy();
  await cloud?.stop();
});

const put = (name: string, value: string) =>
  ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }));

/** Flags under a fresh prefix, with a clock the test moves. */
function ssmFlags(options: { ttlSeconds?: number; failureTtlSeconds?: number } = {}) {
  prefixCounter += 1;
  const prefix = `/test/flags-${prefixCounter}`;
  const clock = { now: 1_000_000 };
  const logger = { warn: vi.fn() };
  const flags = new SsmFeatureFlags<Flag>({
    declarations,
    parameterPrefix: prefix,
    ssmClient: ssm,
    logger,
    now: () => clock.now,
    ...options,
  });
  return { flags, prefix, clock, logger };
}

/** Counts the GetParameter calls that reach the local SSM, through a fault rule that only adds 1 ms. */
async function countGetParameter(): Promise<() => Promise<number>> {
  const rule = await cloud.injectFault({ target: 'ssm:GetParameter', effect: { type: 'latency', ms: 1 } });
  return async () => (await cloud.faults()).find((r) => r.id === rule.id)!.matched;
}

describe('SsmFeatureFlags against the local SSM Parameter Store', () => {
  it('reads each flag from its own parameter', async () => {
    const { flags, prefix } = ssmFlags();
    await put(`${prefix}/new_checkout`, 'true');
    await put(`${prefix}/legacy_export`, 'FALSE');
    expect(flags.parameterName('new_checkout')).toBe(`${prefix}/new_checkout`);
    expect(await flags.isEnabled('new_checkout')).toBe(true);
    expect(await flags.isEnabled('legacy_export')).toBe(false);
  });

  it('serves a value from memory for the TTL, then reads the change', async () => {
    const { flags, prefix, clock } = ssmFlags({ ttlSeconds: 30 });
    await put(`${prefix}/new_checkout`, 'false');
    const calls = await countGetParameter();
    expect(await flags.isEnabled('new_checkout')).toBe(false);
    await put(`${prefix}/new_checkout`, 'true');
    clock.now += 29_000;
    expect(await flags.isEnabled('new_checkout')).toBe(false);
    expect(await calls()).toBe(1);
    clock.now += 1_001;
    expect(await flags.isEnabled('new_checkout')).toBe(true);
    expect(await calls()).toBe(2);
  });

  it('shares one read among concurrent checks of an expired flag', async () => {
    const { flags, prefix } = ssmFlags();
    await put(`${prefix}/new_checkout`, 'true');
    const calls = await countGetParameter();
    const answers = await Promise.all(Array.from({ length: 20 }, () => flags.isEnabled('new_checkout')));
    expect(answers).toEqual(Array(20).fill(true));
    expect(await calls()).toBe(1);
  });

  it('answers the declared default for a missing parameter, logs its name, and asks again after the failure TTL', async () => {
    const { flags, prefix, clock, logger } = ssmFlags({ failureTtlSeconds: 5 });
    expect(await flags.isEnabled('legacy_export')).toBe(true);
    expect(await flags.isEnabled('new_checkout')).toBe(false);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[0]![1]).toEqual({
      flag: 'legacy_export',
      default: true,
      reason: `SSM parameter ${prefix}/legacy_export does not exist`,
    });
    await put(`${prefix}/legacy_export`, 'false');
    clock.now += 4_000;
    expect(await flags.isEnabled('legacy_export')).toBe(true);
    clock.now += 1_001;
    expect(await flags.isEnabled('legacy_export')).toBe(false);
  });

  it('answers the declared default for a value that is neither true nor false, without logging the value', async () => {
    const { flags, prefix, logger } = ssmFlags();
    await put(`${prefix}/new_checkout`, 'yes-please');
    expect(await flags.isEnabled('new_checkout')).toBe(false);
    const line = JSON.stringify(logger.warn.mock.calls);
    expect(line).toContain('is neither true nor false');
    expect(line).not.toContain('yes-please');
  });

  it("answers the declared default while SSM fails (AWS's own 500s through the SDK), and recovers", async () => {
    const { flags, prefix, clock, logger } = ssmFlags({ failureTtlSeconds: 5 });
    await put(`${prefix}/legacy_export`, 'false');
    const rule = await cloud.injectFault({
      target: 'ssm:GetParameter',
      effect: { type: 'error', code: 'InternalServerError' },
    });
    expect(await flags.isEnabled('legacy_export')).toBe(true);
    expect(logger.warn.mock.calls[0]![1]).toMatchObject({
      flag: 'legacy_export',
      reason: `SSM parameter ${prefix}/legacy_export could not be read (InternalServerError)`,
    });
    const fired = (await cloud.faults()).find((r) => r.id === rule.id)!.fired;
    expect(fired).toBeGreaterThan(0);
    await cloud.clearFaults();
    clock.now += 5_001;
    expect(await flags.isEnabled('legacy_export')).toBe(false);
  });
});
