import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  REDACTED,
  ValidationError,
  clearSensitiveValues,
  createLogger,
  isSensitiveKey,
  redactValue,
  registerSensitiveValues,
} from '../../src/index.js';
import { captureOutput, lambdaContext, type CapturedOutput } from '../support/output.js';

// A realistic proofing job: what proof-resolution and proof-document receive from the IDP.
const applicant = {
  uuid: '6f1c3d0e-7d4b-4a41-9a0b-5f0b8e0d4c21',
  first_name: 'Zebulon',
  middle_name: 'Quincy',
  last_name: 'Throckmorton',
  dob: '1961-04-13',
  ssn: '900-55-1234',
  phone: '+1 (703) 555-0142',
  email: 'zeb.throckmorton@example.org',
  address1: '1600 Quarry Lane',
  address2: 'Apartment 7B',
  city: 'Fredericksburg',
  state: 'VA',
  zipcode: '22401',
  state_id_number: 'T12345678',
};
const secrets = {
  callbackToken: 'cbtok_9f8e7d6c5b4a39281706',
  apiKey: 'ak_live_5dc1e0f7a9b84c2d',
  password: 'correct horse battery staple',
  encryptionKey: randomBytes(32).toString('base64'),
  frontImage: randomBytes(3_000).toString('base64'),
};

/** Every raw value that must never be printed, including the digit-only forms of SSN and phone. */
const forbidden = [
  ...Object.values(applicant).filter((value) => value.length >= 4),
  ...Object.values(secrets),
  '900551234',
  '17035550142',
];

describe('logger redaction: nothing leaks', () => {
  let output: CapturedOutput;
  beforeEach(() => {
    clearSensitiveValues();
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
    clearSensitiveValues();
  });

  it('redacts a full proofing payload logged in every shape', () => {
    const log = createLogger({ serviceName: 'proofing', logLevel: 'DEBUG' });
    log.addContext(lambdaContext('req-leak'));
    // What a handler does first with the event it received.
    registerSensitiveValues(applicant, secrets.callbackToken, secrets.apiKey, secrets.password);
    registerSensitiveValues(secrets.encryptionKey, secrets.frontImage);

    const event = {
      applicant_pii: applicant,
      encryption_key: secrets.encryptionKey,
      front_image: secrets.frontImage,
      callback_url: 'https://idp.example.gov/api/resolution/proofing_results/r1',
      trace_id: 'trace-abc-123',
    };

    // Messages built from values.
    log.info(
      `Proofing ${applicant.first_name} ${applicant.last_name}, SSN ${applicant.ssn}, born ${applicant.dob}`,
    );
    log.debug(`Raw event ${JSON.stringify(event)}`);
    log.warn(`Digits only: ${applicant.ssn.replace(/-/g, '')} and ${applicant.phone.replace(/\D/g, '')}`);
    log.info(`Shouting ${applicant.last_name.toUpperCase()} at ${applicant.email.toUpperCase()}`);
    // Extra keys, nested objects, arrays, persistent keys.
    log.appendKeys({ applicant_email: applicant.email, token: secrets.callbackToken });
    log.info('Received job', { event, headers: { 'X-API-AUTH-TOKEN': secrets.callbackToken } });
    log.info('Batch', {
      applicants: [applicant, { ...applicant, firstName: 'Zebulon' }],
      notes: [applicant.phone],
    });
    log.info('Credentials', {
      Authorization: `Bearer ${secrets.apiKey}`,
      api_key: secrets.apiKey,
      newPassword: secrets.password,
      encryptionKey: secrets.encryptionKey,
      image_bytes: Buffer.from(secrets.frontImage, 'base64'),
      body: JSON.stringify(event),
    });
    // Thrown errors: message, stack, cause chain and own fields.
    const vendorError = Object.assign(
      new Error(`Vendor rejected ${applicant.ssn} for ${applicant.email}`, {
        cause: new Error(`upstream said: unknown applicant ${applicant.first_name} at ${applicant.address1}`),
      }),
      { details: { ssn: applicant.ssn, echoed: `${applicant.city} ${applicant.zipcode}` } },
    );
    log.error('Vendor call failed', vendorError);
    log.error('Validation', new ValidationError(`bad dob ${applicant.dob}`, { field: 'applicant_pii.dob' }));
    log.critical('Wrapped', { error: vendorError, attempt: 2 });

    const text = output.text();
    const records = output.records();
    expect(records.length).toBe(10);
    for (const value of forbidden) expect(text, `leaked ${value.slice(0, 12)}…`).not.toContain(value);
    expect(text.toLowerCase()).not.toContain(applicant.last_name.toLowerCase());

    // Redaction is targeted: the structure and the harmless facts survive.
    expect(records[0]).toMatchObject({
      level: 'INFO',
      service: 'proofing',
      function_request_id: 'req-leak',
      message: `Proofing ${REDACTED} ${REDACTED}, SSN ${REDACTED}, born ${REDACTED}`,
    });
    const received = records.find((r) => r.message === 'Received job') as {
      event: { applicant_pii: Record<string, unknown>; trace_id: string; encryption_key: string };
    };
    expect(received.event.applicant_pii.state).toBe('VA');
    expect(received.event.applicant_pii.first_name).toBe(REDACTED);
    expect(received.event.encryption_key).toBe(REDACTED);
    expect(received.event.trace_id).toBe('trace-abc-123');
    const failed = records.find((r) => r.message === 'Vendor call failed') as {
      error: { name: string; message: string; stack: string; cause: { message: string }; details: unknown };
    };
    expect(failed.error.name).toBe('Error');
    expect(failed.error.message).toBe(`Vendor rejected ${REDACTED} for ${REDACTED}`);
    expect(failed.error.stack).toContain('logger.test.ts');
    expect(failed.error.cause.message).toContain('upstream said: unknown applicant');
    expect(failed.error.details).toEqual({ ssn: REDACTED, echoed: `${REDACTED} ${REDACTED}` });
    const validation = records.find((r) => r.message === 'Validation') as { error: Record<string, unknown> };
    expect(validation.error).toMatchObject({
      name: 'ValidationError',
      code: 'VALIDATION_ERROR',
      status: 400,
    });
    const credentials = records.find((r) => r.message === 'Credentials') as Record<string, unknown>;
    expect(credentials.image_bytes).toBe('[3000 bytes]');
  });

  it('redacts sensitive keys at any depth without any registered value', () => {
    const log = createLogger({ serviceName: 'accounts' });
    log.info('Sign-up', {
      user: { profile: { firstName: 'Ada', 'Last-Name': 'Lovelace', EMAIL: 'ada@example.com', state: 'NY' } },
      rows: [{ ZIP: '10001', Phone: '2125550000' }],
      s3: { key: 'uploads/ada.csv' },
      dynamo: { key: { pk: 'USER#1' } },
    });
    const [record] = output.records();
    expect(record).toMatchObject({
      user: { profile: { firstName: REDACTED, 'Last-Name': REDACTED, EMAIL: REDACTED, state: 'NY' } },
      rows: [{ ZIP: REDACTED, Phone: REDACTED }],
      s3: { key: REDACTED },
      dynamo: { key: { pk: 'USER#1' } },
    });
    expect(output.text()).not.toMatch(/Lovelace|ada@example\.com|2125550000/);
  });

  it('forgets registered values when cleared', () => {
    const log = createLogger();
    registerSensitiveValues('opaque-value-1234');
    log.info('first opaque-value-1234');
    clearSensitiveValues();
    log.info('second opaque-value-1234');
    expect(output.records().map((r) => r.message)).toEqual([`first ${REDACTED}`, 'second opaque-value-1234']);
  });

  it('ignores values shorter than four characters and survives circular structures', () => {
    const log = createLogger();
    registerSensitiveValues('VA', 'abc', ['Mary-Ann']);
    const loop: Record<string, unknown> = { label: 'Mary-Ann here' };
    loop.self = loop;
    log.info('VA abc', { loop, big: 12n });
    const [record] = output.records();
    expect(record).toMatchObject({
      message: 'VA abc',
      loop: { label: `${REDACTED} here`, self: '[Circular]' },
      big: '12',
    });
  });
});

describe('isSensitiveKey and redactValue', () => {
  it('matches keys case-insensitively, ignoring _ and -, including composite secret names', () => {
    for (const key of [
      'first_name',
      'FirstName',
      'x-api-auth-token',
      'X_API_AUTH_TOKEN',
      'callback_token',
      'client_secret',
    ])
      expect(isSensitiveKey(key, 'v'), key).toBe(true);
    for (const key of ['state', 'transaction_id', 'function_name', 'uuid', 'token_parameter'])
      expect(isSensitiveKey(key, 'v'), key).toBe(false);
    expect(isSensitiveKey('key', 'a/b.csv')).toBe(true);
    expect(isSensitiveKey('key', { pk: 1 })).toBe(false);
  });

  it('returns a JSON-ready copy and leaves the input untouched', () => {
    const input = { ssn: '123-45-6789', when: new Date('2026-01-02T03:04:05Z'), list: [1, 'two'] };
    expect(redactValue(input)).toEqual({ ssn: REDACTED, when: '2026-01-02T03:04:05.000Z', list: [1, 'two'] });
    expect(input.ssn).toBe('123-45-6789');
  });
});
