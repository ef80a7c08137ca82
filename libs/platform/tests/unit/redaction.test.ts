import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  REDACTED,
  clearSensitiveValues,
  isSensitiveKey,
  redactString,
  registerSensitiveValues,
} from '../../src/index.js';

// The same registered value, written another way, is still the applicant's value.
const applicant = {
  first_name: 'Zoë-Maëlle',
  last_name: 'Ångström-Quill',
  dob: '1961-07-23',
  ssn: '900-41-7788',
  phone: '+1 (202) 555-0147',
};

beforeEach(() => {
  clearSensitiveValues();
  registerSensitiveValues(applicant);
});
afterEach(() => clearSensitiveValues());

const leaks = (text: string) => !redactString(text).includes(REDACTED);

describe('redaction catches a registered value in another form', () => {
  it.each([
    '900-41-7788',
    '900417788',
    '900 41 7788',
    '900.41.7788',
    '900/41/7788',
    'ssn=900_41_7788;',
    'SSN: 900 - 41 - 7788',
  ])('an SSN written %s', (text) => {
    expect(leaks(text)).toBe(false);
    expect(redactString(text)).not.toMatch(/7788/);
  });

  it.each([
    '(202) 555-0147',
    '202-555-0147',
    '202.555.0147',
    '2025550147',
    '+12025550147',
    '1-202-555-0147',
    'tel:+1 202 555 0147',
  ])('a phone number written %s', (text) => {
    expect(redactString(text)).not.toMatch(/0147/);
  });

  it.each([
    '1961-07-23',
    '19610723',
    '1961/07/23',
    '07/23/1961',
    '7/23/1961',
    '07-23-1961',
    '23.07.1961',
    '23/07/1961',
    '07/23/61',
    'July 23, 1961',
    'Jul 23 1961',
    '23 July 1961',
    'born 23rd Jul 1961',
  ])('a date of birth written %s', (text) => {
    expect(leaks(text)).toBe(false);
    expect(redactString(text)).not.toMatch(/1961|\b61\b/);
  });

  it('catches Unicode-normalised and URL-encoded forms', () => {
    for (const text of [
      'Zoe\u0308-Mae\u0308lle', // decomposed ë
      'ZOË-MAËLLE',
      'first_name=Zo%C3%AB-Ma%C3%ABlle',
      'name=%C3%85ngstr%C3%B6m-Quill',
      'ssn=900%2D41%2D7788',
      'dob=1961%2F07%2F23',
      'phone=%2B1%20202%20555%200147',
      '９００-４１-７７８８', // full-width digits
    ])
      expect(leaks(text), text).toBe(false);
  });

  it('leaves other numbers alone: a digit run that merely contains the value is not the value', () => {
    // A timestamp and a request id must survive, or the logs become useless.
    for (const text of ['1733107236123', 'request 19610723999', 'id 29004177881'])
      expect(redactString(text)).toBe(text);
    expect(redactString('took 23 ms in 1961 tries')).toBe('took 23 ms in 1961 tries');
  });
});

describe('keys redacted by name', () => {
  it.each(['address', 'birth_date', 'given_name', 'Phones', 'family_name', 'BirthDate', 'FieldValue'])(
    '%s',
    (key) => {
      expect(isSensitiveKey(key, 'anything')).toBe(true);
    },
  );

  it("a vendor's field value (Acuant { Name, Value }) when it is text", () => {
    expect(isSensitiveKey('Value', 'JOHN')).toBe(true);
    expect(isSensitiveKey('Value', 3)).toBe(false);
  });
});
