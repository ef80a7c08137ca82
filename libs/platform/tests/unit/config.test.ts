import { describe, expect, it } from 'vitest';
import { ConfigError, lazyConfig, loadConfig } from '../../src/index.js';

const schema = {
  type: 'object',
  required: ['ENVIRONMENT', 'CALLBACK_TOKEN_PARAMETER', 'CALLBACK_ALLOWED_HOSTS'],
  properties: {
    ENVIRONMENT: { type: 'string', enum: ['local', 'sandbox', 'prod'] },
    CALLBACK_TOKEN_PARAMETER: { type: 'string', pattern: '^/' },
    CALLBACK_ALLOWED_HOSTS: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    RETRY_DELAYS_MS: { type: 'array', items: { type: 'integer' }, default: [100, 400] },
    JOB_BUDGET_MS: { type: 'integer', minimum: 1000, default: 45_000 },
    ENCRYPT_MESSAGES: { type: 'boolean', default: false },
  },
} as const;

const valid = {
  ENVIRONMENT: 'sandbox',
  CALLBACK_TOKEN_PARAMETER: '/sandbox/idp/doc-capture/address_proof_result_token',
  CALLBACK_ALLOWED_HOSTS: 'idp.sandbox.example.gov, idp2.sandbox.example.gov',
};

const configError = (env: Record<string, string | undefined>): ConfigError => {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('coerces numbers and booleans, splits lists, applies defaults and ignores other variables', () => {
    const config = loadConfig(schema, {
      ...valid,
      JOB_BUDGET_MS: '30000',
      ENCRYPT_MESSAGES: 'true',
      RETRY_DELAYS_MS: '50, 200,800',
      AWS_SECRET_ACCESS_KEY: 'not-for-config',
    });
    // Typed from the schema: these assignments are checked by the type-check target.
    const budget: number = config.JOB_BUDGET_MS;
    const hosts: string[] = config.CALLBACK_ALLOWED_HOSTS;
    expect({ budget, hosts }).toEqual({
      budget: 30_000,
      hosts: ['idp.sandbox.example.gov', 'idp2.sandbox.example.gov'],
    });
    expect(config).toEqual({
      ENVIRONMENT: 'sandbox',
      CALLBACK_TOKEN_PARAMETER: '/sandbox/idp/doc-capture/address_proof_result_token',
      CALLBACK_ALLOWED_HOSTS: ['idp.sandbox.example.gov', 'idp2.sandbox.example.gov'],
      RETRY_DELAYS_MS: [50, 200, 800],
      JOB_BUDGET_MS: 30_000,
      ENCRYPT_MESSAGES: true,
    });
  });

  it('applies defaults for unset and empty variables', () => {
    const config = loadConfig(schema, { ...valid, JOB_BUDGET_MS: '' });
    expect(config.JOB_BUDGET_MS).toBe(45_000);
    expect(config.ENCRYPT_MESSAGES).toBe(false);
    expect(config.RETRY_DELAYS_MS).toEqual([100, 400]);
  });

  it('names a missing variable', () => {
    const { CALLBACK_TOKEN_PARAMETER: _omitted, ...env } = valid;
    const error = configError(env);
    expect(error.variable).toBe('CALLBACK_TOKEN_PARAMETER');
    expect(error.message).toBe('CALLBACK_TOKEN_PARAMETER is required');
    expect(error.name).toBe('ConfigError');
  });

  it('names a variable of the wrong type without echoing its value', () => {
    const error = configError({ ...valid, JOB_BUDGET_MS: '45s-hunter2' });
    expect(error.message).toBe('JOB_BUDGET_MS must be integer');
    expect(error.variable).toBe('JOB_BUDGET_MS');
  });

  it('never echoes a value that breaks a pattern, an enum or a list item', () => {
    const secretish = 'sk_live_0123456789abcdef';
    const pattern = configError({ ...valid, CALLBACK_TOKEN_PARAMETER: secretish });
    expect(pattern.message).toBe('CALLBACK_TOKEN_PARAMETER must match pattern "^/"');
    const enumError = configError({ ...valid, ENVIRONMENT: secretish });
    expect(enumError.message).toBe('ENVIRONMENT must be one of local, sandbox, prod');
    const item = configError({ ...valid, RETRY_DELAYS_MS: `10,${secretish}` });
    expect(item.message).toBe('RETRY_DELAYS_MS has an invalid item: it must be integer');
    for (const error of [pattern, enumError, item]) expect(error.message).not.toContain(secretish);
  });

  it('checks bounds, booleans and list lengths', () => {
    expect(configError({ ...valid, JOB_BUDGET_MS: '999' }).message).toBe('JOB_BUDGET_MS must be >= 1000');
    expect(configError({ ...valid, ENCRYPT_MESSAGES: 'yes' }).message).toBe(
      'ENCRYPT_MESSAGES must be boolean',
    );
    expect(configError({ ...valid, CALLBACK_ALLOWED_HOSTS: ' , ' }).message).toBe(
      'CALLBACK_ALLOWED_HOSTS must have at least 1 items',
    );
  });

  it('fails loudly on a schema keyword it does not implement, as a typo would', () => {
    const typo = { type: 'object', properties: { PORT: { type: 'integer', minimun: 1 } } };
    // Typed loosely: the typo is not a JSON Schema keyword, which is the point.
    const load = loadConfig as (schema: object, env: Record<string, string>) => unknown;
    expect(() => load(typo, { PORT: '80' })).toThrow('config schema of PORT uses unsupported minimun');
  });

  it('rejects a schema that is not an object of variables', () => {
    expect(() => {
      loadConfig({ type: 'string' }, {});
    }).toThrow(TypeError);
  });
});

describe('lazyConfig', () => {
  it('reads nothing until first called, then returns the same object until reset', () => {
    const env: Record<string, string | undefined> = {};
    const config = lazyConfig(schema, env);
    expect(() => config()).toThrowError(new ConfigError('ENVIRONMENT', 'is required'));
    Object.assign(env, valid);
    const first = config();
    env.JOB_BUDGET_MS = '2000';
    expect(config()).toBe(first);
    expect(first.JOB_BUDGET_MS).toBe(45_000);
    config.reset();
    expect(config().JOB_BUDGET_MS).toBe(2000);
  });
});
