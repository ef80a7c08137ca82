import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import {
  MAX_SECRET_BYTES,
  SecretValueError,
  UsageError,
  checkSecretId,
  checkVendorFields,
  fingerprint,
  parseJsonObject,
  readPipedInput,
  vendorOfSecret,
} from '../../src/index.js';

const SECRET = 's3cr3t-that-must-never-be-printed';

/** The SecretValueError a call throws, so its message can be inspected. */
function refusal(run: () => unknown): SecretValueError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretValueError);
    return error as SecretValueError;
  }
  throw new Error('nothing was refused');
}

describe('parseJsonObject', () => {
  it('keeps a JSON object as compact text, fingerprinted as `jq -cj .` would print it, with sorted field names', () => {
    const value = parseJsonObject(`{\n  "username": "u",\n  "password": "${SECRET}",\n  "n": 1\n}\n`);
    expect(value.secretString).toBe(`{"username":"u","password":"${SECRET}","n":1}`);
    expect(value.fields).toEqual(['n', 'password', 'username']);
    expect(fingerprint(value.secretString)).toMatch(/^sha256:[0-9a-f]{12}$/);
  });

  it('keeps one value for a repeated field name, the last as JSON.parse reads it', () => {
    expect(parseJsonObject('{"a": 1, "a": 2}')).toEqual({ secretString: '{"a":2}', fields: ['a'] });
  });

  it.each([
    [`["${SECRET}"]`, 'standard input must be a JSON object, not an array'],
    [`"${SECRET}"`, 'standard input must be a JSON object, not a string'],
    ['12345', 'standard input must be a JSON object, not a number'],
    ['true', 'standard input must be a JSON object, not a boolean'],
    ['null', 'standard input must be a JSON object, not null'],
    ['{}', 'the JSON object has no fields'],
    [' \n', 'standard input held no value'],
  ])('refuses %j naming what it is, never the value', (text, message) => {
    const error = refusal(() => parseJsonObject(text));
    expect(error.message).toBe(message);
  });

  it("refuses text that is not JSON without JSON.parse's message, which quotes the text", () => {
    for (const text of [`{"password": ${SECRET}}`, `{"password": "${SECRET}"`, `password=${SECRET}`]) {
      const error = refusal(() => parseJsonObject(text));
      expect(error.message).toMatch(/^standard input is not valid JSON/);
      expect(`${error.message}${error.stack ?? ''}`).not.toContain(SECRET);
      expect(error.cause).toBeUndefined();
    }
  });

  it("refuses an object larger than Secrets Manager's limit", () => {
    const big = JSON.stringify({ blob: 'x'.repeat(MAX_SECRET_BYTES) });
    expect(refusal(() => parseJsonObject(big)).message).toMatch(/larger than Secrets Manager's 65536 bytes/);
  });
});

describe('checkVendorFields', () => {
  const lexisnexis = {
    base_url: 'https://rdp.example.com',
    account_id: '1234',
    username: 'proofing',
    password: SECRET,
    instant_verify_workflow: 'customers.gsa.instant.verify.workflow',
  };

  it("passes a secret the vendor's client reads", () => {
    expect(() => checkVendorFields('lexisnexis', parseJsonObject(JSON.stringify(lexisnexis)))).not.toThrow();
  });

  it("refuses with the vendor client's message, which names the field and not the value", () => {
    const typo = parseJsonObject(JSON.stringify({ ...lexisnexis, pasword: SECRET }));
    expect(refusal(() => checkVendorFields('lexisnexis', typo)).message).toBe(
      'not a lexisnexis secret the jobs can read: LexisNexis configuration has unknown field pasword',
    );
    const missing = parseJsonObject(JSON.stringify({ ...lexisnexis, password: undefined }));
    expect(refusal(() => checkVendorFields('lexisnexis', missing)).message).toBe(
      'not a lexisnexis secret the jobs can read: LexisNexis configuration: password is required',
    );
    const wrongVendor = refusal(() =>
      checkVendorFields('aamva', parseJsonObject(JSON.stringify(lexisnexis))),
    );
    expect(wrongVendor.message).toMatch(/^not a aamva secret the jobs can read: AAMVA configuration: /);
    expect(wrongVendor.message).not.toContain(SECRET);
  });
});

describe('readPipedInput', () => {
  const piped = (...chunks: (Buffer | string)[]) => Readable.from(chunks);

  it('reads piped bytes as UTF-8, without a byte order mark', async () => {
    const read = await readPipedInput(piped(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ü": 1}\n')));
    expect(read).toBe('{"ü": 1}\n');
  });

  it('refuses a terminal, where the value would be echoed, before reading anything', async () => {
    const terminal = Object.assign(piped('{}'), { isTTY: true });
    await expect(readPipedInput(terminal)).rejects.toThrow(UsageError);
    await expect(readPipedInput(terminal)).rejects.toThrow(/standard input is a terminal/);
    // Nothing was consumed: the input is still all there.
    expect(await text(terminal)).toBe('{}');
  });

  it('refuses more than the byte limit, and bytes that are not UTF-8', async () => {
    await expect(readPipedInput(piped('x'.repeat(20), 'y'.repeat(20)), 32)).rejects.toThrow(
      new SecretValueError('standard input is larger than 32 bytes'),
    );
    await expect(readPipedInput(piped(Buffer.from([0x7b, 0xff, 0x7d])))).rejects.toThrow(
      new SecretValueError('standard input is not UTF-8 text'),
    );
  });
});

describe('secret names', () => {
  it('accepts names and ARNs as Secrets Manager does, and refuses anything else', () => {
    for (const id of [
      'prod/proofing/vendors/aamva',
      'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/proofing/vendors/aamva-AbCdEf',
    ]) {
      expect(checkSecretId(id)).toBe(id);
    }
    for (const bad of ['', 'has space', 'x'.repeat(513), 'prod/vendor;rm']) {
      expect(() => checkSecretId(bad)).toThrow(UsageError);
    }
  });

  it('knows the vendor of a secret named as terraform/modules/secrets names them', () => {
    expect(vendorOfSecret('prod/proofing/vendors/lexisnexis')).toBe('lexisnexis');
    expect(
      vendorOfSecret(
        'arn:aws:secretsmanager:us-west-2:123456789012:secret:beta/proofing/vendors/aamva-AbCdEf',
      ),
    ).toBe('aamva');
    expect(vendorOfSecret('prod/messages/signing')).toBeUndefined();
    expect(vendorOfSecret('prod/proofing/vendors')).toBeUndefined();
  });
});
