import { describe, expect, it } from 'vitest';
import { TerraformForEachError, expandForEach } from '../../src/index.js';

// Bodies as @cdktf/hcl2json parses them.
const locals = {
  shared: { ENVIRONMENT: '${var.environment}' },
  functions: {
    'proof-address': {
      timeout_seconds: 60,
      environment: { ADDRESS_VENDOR: '${var.vendors.address}' },
      async: '${local.async}',
      sqs_event_sources: [],
    },
    'proofing-failure': {
      timeout_seconds: 30,
      environment: { REPORT_BUDGET_MS: '20000' },
      async: null,
      sqs_event_sources: [{ name: 'failures', queue_arn: '${module.failures_queue.arn}' }],
    },
  },
};

const call = {
  for_each: '${local.functions}',
  source: '../../modules/function',
  name: '${var.environment}-${each.key}',
  app: '${each.key}',
  timeout_seconds: '${each.value.timeout_seconds}',
  environment: '${merge(local.shared, each.value.environment)}',
  async: '${each.value.async}',
  sqs_event_sources: '${each.value.sqs_event_sources}',
  memory_size: '${local.memory_size[each.key]}',
  retained_releases: '${lookup(var.retained_releases, each.key, {})}',
};

describe('expandForEach', () => {
  it('reads a for_each call as one call per key, each reference resolved', () => {
    const [address, failure] = expandForEach('functions', call, locals);
    expect(address).toEqual({
      name: 'functions["proof-address"]',
      key: 'proof-address',
      body: {
        source: '../../modules/function',
        name: '${var.environment}-proof-address',
        app: 'proof-address',
        timeout_seconds: 60,
        environment: { ENVIRONMENT: '${var.environment}', ADDRESS_VENDOR: '${var.vendors.address}' },
        async: '${local.async}',
        sqs_event_sources: [],
        memory_size: '${local.memory_size["proof-address"]}',
        retained_releases: '${lookup(var.retained_releases, "proof-address", {})}',
      },
    });
    expect(failure?.body).toMatchObject({
      app: 'proofing-failure',
      timeout_seconds: 30,
      async: null,
      sqs_event_sources: [{ name: 'failures', queue_arn: '${module.failures_queue.arn}' }],
    });
  });

  it('leaves a call without for_each as it is', () => {
    const body = { source: '../../modules/queue', name: 'q' };
    expect(expandForEach('failures_queue', body, locals)).toEqual([
      { name: 'failures_queue', key: 'failures_queue', body },
    ]);
  });

  it('refuses a for_each it cannot read, a field an entry lacks and an unread each.value', () => {
    expect(() => expandForEach('f', { for_each: '${var.functions}' }, locals)).toThrow(TerraformForEachError);
    expect(() => expandForEach('f', { ...call, description: '${each.value.description}' }, locals)).toThrow(
      /reads each.value.description, which its entry lacks/,
    );
    expect(() =>
      expandForEach('f', { ...call, memory_size: '${each.value.timeout_seconds * 2}' }, locals),
    ).toThrow(/cannot read/);
  });
});
