import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { ConfigError } from './errors.js';

/** The environment a config is read from; `process.env` by default. */
export type Env = Record<string, string | undefined>;

/**
 * The JSON Schema subset a variable's schema may use. Environment variables are flat strings, so this
 * small reader replaces Ajv here: it keeps the Ajv compiler (about 130 KB and 15 ms of every cold start)
 * out of the functions, which validate their payloads with validators precompiled in libs/contracts.
 */
interface VariableSchema {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  enum?: readonly unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: VariableSchema;
  default?: unknown;
  description?: string;
}

const KEYWORDS = new Set([
  'type',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'items',
  'default',
  'description',
]);
const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array']);

/** A typo in a config schema fails loudly, as Ajv's strict mode would. */
function checkVariableSchema(name: string, schema: unknown): VariableSchema {
  const candidate = schema as Partial<VariableSchema> | null;
  if (typeof candidate !== 'object' || candidate === null || !TYPES.has(candidate.type as string)) {
    throw new TypeError(`config schema of ${name} needs a type of ${[...TYPES].join(', ')}`);
  }
  const unknown = Object.keys(candidate).filter((keyword) => !KEYWORDS.has(keyword));
  if (unknown.length > 0)
    throw new TypeError(`config schema of ${name} uses unsupported ${unknown.join(', ')}`);
  if (candidate.type === 'array') checkVariableSchema(`${name} items`, candidate.items ?? { type: 'string' });
  return candidate as VariableSchema;
}

const propertiesOf = (schema: JSONSchema): Record<string, VariableSchema> => {
  const { type, properties } = schema as { type?: unknown; properties?: Record<string, unknown> };
  if (type !== 'object' || typeof properties !== 'object' || properties === null) {
    throw new TypeError('A config schema must be { type: "object", properties: { <VARIABLE>: ... } }');
  }
  return Object.fromEntries(
    Object.entries(properties).map(([name, s]) => [name, checkVariableSchema(name, s)]),
  );
};

/** `a, b,,c` -> `['a', 'b', 'c']`: lists in environment variables are comma-separated. */
const splitList = (raw: string): string[] =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** Converts one raw string to the schema's type and checks it; returns the problem instead of throwing. */
function readValue(raw: string, schema: VariableSchema): { value: unknown } | { problem: string } {
  let value: unknown = raw;
  if (schema.type === 'integer' || schema.type === 'number') {
    value = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) {
      return { problem: `must be ${schema.type}` };
    }
  } else if (schema.type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') return { problem: 'must be boolean' };
    value = raw === 'true';
  } else if (schema.type === 'array') {
    const items = splitList(raw);
    if (items.length < (schema.minItems ?? 0))
      return { problem: `must have at least ${schema.minItems} items` };
    const values: unknown[] = [];
    for (const item of items) {
      const read = readValue(item, schema.items ?? { type: 'string' });
      if ('problem' in read) return { problem: `has an invalid item: it ${read.problem}` };
      values.push(read.value);
    }
    return { value: values };
  }
  if (schema.enum && !schema.enum.includes(value))
    return { problem: `must be one of ${schema.enum.join(', ')}` };
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      return { problem: `must match pattern "${schema.pattern}"` };
    }
    if (value.length < (schema.minLength ?? 0))
      return { problem: `must have at least ${schema.minLength} characters` };
    if (value.length > (schema.maxLength ?? Infinity)) {
      return { problem: `must have at most ${schema.maxLength} characters` };
    }
  }
  if (typeof value === 'number') {
    if (value < (schema.minimum ?? -Infinity)) return { problem: `must be >= ${schema.minimum}` };
    if (value > (schema.maximum ?? Infinity)) return { problem: `must be <= ${schema.maximum}` };
  }
  return { value };
}

/**
 * Reads the variables named by `schema.properties` from `env`, coerces numbers and booleans, splits
 * comma-separated lists for `type: "array"`, applies defaults and validates. An empty variable counts
 * as unset. Variables not in the schema are ignored. Throws `ConfigError` naming the first bad or
 * missing variable (`JOB_BUDGET_MS must be integer`) and never its value, which may be a secret.
 */
export function loadConfig<const S extends JSONSchema>(schema: S, env: Env = process.env): FromSchema<S> {
  // The cast happens once, here: FromSchema<S> is computed from the caller's literal schema.
  return readConfig(schema, env) as FromSchema<S>;
}

// Returns unknown: asserting from unknown spares TypeScript from comparing against FromSchema<S>.
function readConfig(schema: JSONSchema, env: Env): unknown {
  const required = new Set((schema as { required?: readonly string[] }).required ?? []);
  const config: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(propertiesOf(schema))) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if (variable.default !== undefined) config[name] = structuredClone(variable.default);
      else if (required.has(name)) throw new ConfigError(name, 'is required');
      continue;
    }
    const read = readValue(raw, variable);
    if ('problem' in read) throw new ConfigError(name, read.problem);
    config[name] = read.value;
  }
  return config;
}

/** A memoised config getter, with `reset()` to read the environment again. */
export type LazyConfig<T> = (() => T) & { reset(): void };

/**
 * Returns a getter that loads the config on first call and then returns the same object. A handler
 * module can define it at module scope and still be imported (by tests, by tooling) with no
 * environment set; a bad environment fails the first invocation with a `ConfigError`.
 */
export function lazyConfig<const S extends JSONSchema>(schema: S, env?: Env): LazyConfig<FromSchema<S>> {
  let loaded: { value: unknown } | undefined;
  const get = (): FromSchema<S> => {
    loaded ??= { value: readConfig(schema, env ?? process.env) };
    return loaded.value as FromSchema<S>;
  };
  const reset = (): void => {
    loaded = undefined;
  };
  return Object.assign(get, { reset });
}
