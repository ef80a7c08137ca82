import type { ErrorObject, ValidateFunction } from 'ajv';
import { ValidationError } from './errors.js';

// Only types come from Ajv here: functions validate with validators precompiled in libs/contracts and
// never load the Ajv compiler (see compile.ts for the places that compile schemas at run time).

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
