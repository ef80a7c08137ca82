import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { ConfigError } from './errors.js';

/** The environment a config is read from; `process.env` by default. */
export type Env = Record<string, string | undefined>;

// Environment variables are strings: coerce to the schema's numbers and booleans, and fill defaults.
// One error is enough: the first bad variable is what the message names.
let configAjv: Ajv | undefined;

const compiled = new WeakMap<object, ValidateFunction>();

type ObjectSchema = { type?: unknown; properties?: Record<string, unknown> };

const propertiesOf = (schema: JSONSchema): Record<string, unknown> => {
  const { type, properties } = schema as ObjectSchema;
  if (type !== 'object' || typeof properties !== 'object' || properties === null) {
    throw new TypeError('A config schema must be { type: "object", properties: { <VARIABLE>: ... } }');
  }
  return properties;
};

const isArraySchema = (schema: unknown): boolean =>
  typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'array';

/** `a, b,,c` -> `['a', 'b', 'c']`: lists in environment variables are comma-separated. */
const splitList = (raw: string): string[] =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const problemOf = (error: ErrorObject, nested: boolean): string => {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'enum': {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      return `must be one of ${allowed.map(String).join(', ')}`;
    }
    default:
      return `${nested ? 'has an invalid item: it ' : ''}${error.message ?? 'is invalid'}`;
  }
};

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
  const properties = propertiesOf(schema);
  const input: Record<string, unknown> = {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    input[name] = isArraySchema(propertySchema) ? splitList(raw) : raw;
  }

  let validate = compiled.get(schema as object);
  if (validate === undefined) {
    configAjv ??= new Ajv({ strict: true, allowUnionTypes: true, coerceTypes: true, useDefaults: true });
    validate = configAjv.compile(schema);
    compiled.set(schema as object, validate);
  }
  if (!validate(input)) {
    const error = validate.errors?.[0];
    const segments = (error?.instancePath ?? '').split('/').slice(1);
    const missing = (error?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const variable = segments[0] ?? missing ?? '(config)';
    throw new ConfigError(variable, error ? problemOf(error, segments.length > 1) : 'is invalid');
  }
  return input;
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
