import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { ValidationError } from './errors.js';

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

/** The dotted path of the field an ajv error is about (`applicant_pii.ssn`), or `undefined` for the root. */
export const errorField = (error: ErrorObject): string | undefined => {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required' && params.missingProperty !== undefined) {
    segments.push(params.missingProperty);
  } else if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    segments.push(params.additionalProperty);
  }
  return segments.length > 0 ? segments.join('.') : undefined;
};

/**
 * A sentence about the first error that names the field and never the value: ajv's messages
 * ("must be string", "must match format \"email\"") describe the rule, not the input.
 */
export const describeError = (error: ErrorObject): { field: string | undefined; message: string } => {
  const field = errorField(error);
  const subject = field ?? 'value';
  switch (error.keyword) {
    case 'required':
      return { field, message: `${subject} is required` };
    case 'additionalProperties':
      return { field, message: `${subject} is not allowed` };
    case 'enum': {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      return {
        field,
        message: `${subject} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    }
    default:
      return { field, message: `${subject} ${error.message ?? 'is invalid'}` };
  }
};

/**
 * Compiles `schema` once (cached by object identity) and returns a function that returns its input
 * typed as `FromSchema<S>`, or throws `ValidationError` naming the first bad field.
 */
export function compileValidator<const S extends JSONSchema, T = FromSchema<S>>(
  schema: S,
): (value: unknown) => T {
  return validatorFrom(getCompiled(schema) as ValidateFunction<T>);
}

/**
 * Wraps an Ajv validate function (e.g. one precompiled in libs/contracts) into one that returns its input
 * typed as `T`, or throws `ValidationError` naming the first bad field.
 */
export function validatorFrom<T>(validate: ValidateFunction<T>): (value: unknown) => T {
  return (value: unknown): T => {
    if (validate(value)) return value;
    const first = validate.errors?.[0];
    if (first === undefined) throw new ValidationError('value is invalid');
    const { field, message } = describeError(first);
    throw new ValidationError(message, field === undefined ? {} : { field });
  };
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
