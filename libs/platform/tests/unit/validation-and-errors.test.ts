import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AppError,
  ConfigError,
  ConflictError,
  ForbiddenError,
  MalformedJsonError,
  NotFoundError,
  ParameterError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  compileValidator,
  sharedAjv,
} from '../../src/index.js';

const applicantSchema = {
  type: 'object',
  required: ['applicant_pii', 'callback_url'],
  additionalProperties: false,
  properties: {
    applicant_pii: {
      type: 'object',
      required: ['first_name', 'ssn'],
      properties: {
        first_name: { type: 'string', minLength: 1 },
        ssn: { type: 'string', pattern: '^\\d{3}-?\\d{2}-?\\d{4}$' },
        emails: { type: 'array', items: { type: 'string', format: 'email' } },
      },
    },
    callback_url: { type: 'string', format: 'uri' },
    exception: { type: ['string', 'null'] },
  },
} as const;

const validate = compileValidator(applicantSchema);
const good = {
  applicant_pii: { first_name: 'Ada', ssn: '900-12-3456' },
  callback_url: 'https://idp.example.gov/r',
};

const thrown = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('compileValidator', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('returns valid input typed from the schema', () => {
    const value = validate(good);
    const name: string = value.applicant_pii.first_name;
    expect(name).toBe('Ada');
  });

  it('turns the first error into a dotted field and a message that never echoes the value', () => {
    const missing = thrown(() => validate({ ...good, applicant_pii: { ssn: '900-12-3456' } }));
    expect({ field: missing.field, message: missing.message }).toEqual({
      field: 'applicant_pii.first_name',
      message: 'applicant_pii.first_name is required',
    });

    const badSsn = thrown(() =>
      validate({ ...good, applicant_pii: { first_name: 'Ada', ssn: '123-XX-0000' } }),
    );
    expect(badSsn.field).toBe('applicant_pii.ssn');
    expect(badSsn.message).toBe('applicant_pii.ssn must match pattern "^\\d{3}-?\\d{2}-?\\d{4}$"');
    expect(badSsn.message).not.toContain('123-XX-0000');

    const badEmail = thrown(() =>
      validate({
        ...good,
        applicant_pii: { ...good.applicant_pii, emails: ['a@example.org', 'bob at example'] },
      }),
    );
    expect(badEmail.field).toBe('applicant_pii.emails.1');
    expect(badEmail.message).toBe('applicant_pii.emails.1 must match format "email"');

    const extra = thrown(() => validate({ ...good, debug: true }));
    expect({ field: extra.field, message: extra.message }).toEqual({
      field: 'debug',
      message: 'debug is not allowed',
    });

    const root = thrown(() => validate('just a string'));
    expect({ field: root.field, message: root.message }).toEqual({
      field: undefined,
      message: 'value must be object',
    });
    expect(root.status).toBe(400);
  });

  it('compiles each schema object once', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } } } as const;
    const compile = vi.spyOn(sharedAjv(), 'compile');
    compileValidator(schema)({ n: 1 });
    compileValidator(schema)({ n: 2 });
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('is strict: a schema with an unknown keyword fails at compile time', () => {
    const typo = { type: 'object', requird: ['x'] } as const;
    expect(() => {
      compileValidator(typo as unknown as { type: 'object' });
    }).toThrow(/unknown keyword/);
  });
});

describe('errors', () => {
  it.each([
    [new ValidationError('bad', { field: 'a.b' }), 'ValidationError', 400, 'VALIDATION_ERROR'],
    [new MalformedJsonError(), 'MalformedJsonError', 400, 'MALFORMED_JSON'],
    [new UnauthorizedError(), 'UnauthorizedError', 401, 'UNAUTHORIZED'],
    [new ForbiddenError(), 'ForbiddenError', 403, 'FORBIDDEN'],
    [new NotFoundError(), 'NotFoundError', 404, 'NOT_FOUND'],
    [new ConflictError(), 'ConflictError', 409, 'CONFLICT'],
    [new PayloadTooLargeError(), 'PayloadTooLargeError', 413, 'PAYLOAD_TOO_LARGE'],
    [new UnsupportedMediaTypeError(), 'UnsupportedMediaTypeError', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [new TooManyRequestsError(), 'TooManyRequestsError', 429, 'TOO_MANY_REQUESTS'],
    [new ServiceUnavailableError(), 'ServiceUnavailableError', 503, 'SERVICE_UNAVAILABLE'],
  ])('%s has its name, status and default code', (error, name, status, code) => {
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, status: error.status, code: error.code }).toEqual({ name, status, code });
  });

  it('keeps the cause, an overriding code and the field', () => {
    const cause = new Error('conditional check failed');
    const error = new ConflictError('email already registered', {
      cause,
      code: 'EMAIL_TAKEN',
      field: 'email',
    });
    expect(error).toMatchObject({ cause, code: 'EMAIL_TAKEN', field: 'email', status: 409 });
    expect(new AppError('gone', { status: 410, code: 'GONE' })).toMatchObject({
      name: 'AppError',
      status: 410,
    });
  });

  it('ConfigError and ParameterError name what failed', () => {
    const config = new ConfigError('JOB_BUDGET_MS', 'must be integer');
    expect(config).toMatchObject({
      name: 'ConfigError',
      variable: 'JOB_BUDGET_MS',
      message: 'JOB_BUDGET_MS must be integer',
    });
    const parameter = new ParameterError('/prod/token', 'SSM parameter /prod/token does not exist');
    expect(parameter).toMatchObject({ name: 'ParameterError', parameterName: '/prod/token' });
    expect(parameter).not.toBeInstanceOf(AppError);
  });
});
