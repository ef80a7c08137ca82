import { AsyncLocalStorage } from 'node:async_hooks';

/** What a redacted key's value or a known sensitive value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Strings shorter than this are not remembered: redacting "VA" or "1" everywhere would destroy logs. */
export const MIN_SENSITIVE_VALUE_LENGTH = 4;

const MAX_DEPTH = 32;

// Keys compared lower-cased with `_` and `-` removed, so `firstName`, `first_name` and `First-Name` match.
const SENSITIVE_KEYS = new Set([
  'firstname',
  'lastname',
  'middlename',
  'name',
  'ssn',
  'dob',
  'dateofbirth',
  'address1',
  'address2',
  'street',
  'city',
  'zipcode',
  'zip',
  'phone',
  'phonenumber',
  'email',
  'emailaddress',
  'password',
  'token',
  'secret',
  'authorization',
  'xapiauthtoken',
  'cookie',
  'cookies',
  'setcookie',
  'encryptionkey',
  'apikey',
  'stateidnumber',
  'image',
  'body',
  // The same PII under the names vendors and other systems give it (LexisNexis `Phones`, AAMVA, OIDC claims).
  'address',
  'streetaddress',
  'postalcode',
  'birthdate',
  'givenname',
  'familyname',
  'surname',
  'phones',
  // A vendor's field value (Acuant `{ Name, Value }` and the like).
  'fieldvalue',
  'fieldvalues',
]);

// Composite names (`callback_token`, `client_secret`, `new_password`) are as sensitive as the plain ones.
const SENSITIVE_SUFFIXES = ['password', 'token', 'secret', 'apikey'];
// Redacted only when the value is text: an S3 object key or an API key are strings, a DynamoDB key is an
// object; a vendor field's `Value` is text, a count called `value` is a number.
const SENSITIVE_WHEN_TEXT = new Set(['key', 'value']);

const normalizeKey = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');

/**
 * Whether a log attribute with this key is redacted whatever its value. `key` and `value` alone are
 * redacted only when their value is a string (see SENSITIVE_WHEN_TEXT).
 */
export const isSensitiveKey = (key: string, value: unknown): boolean => {
  const normalized = normalizeKey(key);
  if (SENSITIVE_WHEN_TEXT.has(normalized)) return typeof value === 'string';
  return SENSITIVE_KEYS.has(normalized) || SENSITIVE_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
};

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Between two digits of an SSN, phone or date: what people and systems put there (or nothing).
const SEPARATORS = String.raw`[\s().\-/_+]{0,3}`;
const NOT_A_DIGIT_BEFORE = '(?<![0-9])';
const NOT_A_DIGIT_AFTER = '(?![0-9])';
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Digits in order with any separators between them, as a whole number (not inside a longer digit run). */
const digitRun = (digits: string, prefix = ''): string =>
  NOT_A_DIGIT_BEFORE + prefix + [...digits].join(SEPARATORS) + NOT_A_DIGIT_AFTER;

/** A month or day number, with or without its leading zero. */
const twoDigits = (n: number): string => (n < 10 ? `0?${n}` : String(n));

/** The common ways of writing one date: Y-M-D, M/D/Y, D.M.Y with any separator or none, 2-digit years, month names. */
function datePatterns(year: string, month: number, day: number): string[] {
  const sep = String.raw`[\s.\-/]?`;
  const [m, d, yy] = [twoDigits(month), twoDigits(day), year.slice(2)];
  const name = MONTHS[month - 1]!;
  const monthName = `(?:${name}|${name.slice(0, 3)}\\.?)`;
  const dayName = `${d}(?:st|nd|rd|th)?`;
  const numeric = [
    `${year}${sep}${m}${sep}${d}`,
    `${m}${sep}${d}${sep}(?:${year}|${yy})`,
    `${d}${sep}${m}${sep}(?:${year}|${yy})`,
  ].map((p) => NOT_A_DIGIT_BEFORE + p + NOT_A_DIGIT_AFTER);
  return [
    ...numeric,
    `${monthName}\\s*${dayName},?\\s*${year}`,
    `${dayName}\\s*(?:of\\s+)?${monthName},?\\s*${year}`,
  ];
}

/**
 * The other ways of writing a registered SSN, phone number or date of birth (each holds digits, so a text
 * without any digit need not be searched for them).
 */
function numericPatternsOf(value: string): string[] {
  const patterns: string[] = [];
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const usDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (date) patterns.push(...datePatterns(date[1]!, Number(date[2]), Number(date[3])));
  else if (usDate) patterns.push(...datePatterns(usDate[3]!, Number(usDate[1]), Number(usDate[2])));
  else if (/^[\d\s().+-]+$/.test(value)) {
    const digits = value.replace(/\D/g, '');
    // A North American number with its country code is found with or without it.
    const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
    if (national.length >= 7) {
      const countryCode = national.length === 10 ? `(?:\\+?1${SEPARATORS})?` : '';
      patterns.push(digitRun(national, countryCode));
    } else if (digits !== value && digits.length >= MIN_SENSITIVE_VALUE_LENGTH) patterns.push(digits);
  }
  return patterns;
}

/** One case-insensitive alternation, longest first so that a value that contains another is replaced whole. */
const alternation = (patterns: string[]): RegExp | undefined =>
  patterns.length > 0 ? new RegExp(patterns.sort((a, b) => b.length - a.length).join('|'), 'gi') : undefined;

const DIGIT = /[0-9]/;

/** `%XX` escapes decoded (invalid ones left as they are), `+` read as a space as in a query string. */
function urlDecoded(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9a-f]{2})+/gi, (escaped) => {
    try {
      return decodeURIComponent(escaped);
    } catch {
      return escaped;
    }
  });
}

const NON_ASCII = /[\u0080-\uffff]/;
const URL_ESCAPE = /%[0-9a-f]{2}/i;

/** A set of values to redact, compiled lazily into one case-insensitive pattern. */
class SensitiveValues {
  readonly #values = new Set<string>();
  #literal: RegExp | undefined;
  #numeric: RegExp | undefined;
  #stale = false;

  add(value: string): void {
    // Compared in NFKC: composed and decomposed accents, full-width digits and letters are the same value.
    const normalized = value.normalize('NFKC');
    if (normalized.length < MIN_SENSITIVE_VALUE_LENGTH || this.#values.has(normalized)) return;
    this.#values.add(normalized);
    this.#stale = true;
  }

  clear(): void {
    this.#values.clear();
    this.#literal = undefined;
    this.#numeric = undefined;
    this.#stale = false;
  }

  redact(text: string): string {
    if (this.#stale) {
      const values = [...this.#values];
      this.#literal = alternation(values.map(escapeRegExp));
      this.#numeric = alternation(values.flatMap(numericPatternsOf));
      this.#stale = false;
    }
    if (this.#literal === undefined) return text;
    // Most log text is plain ASCII without escapes: it is matched as it is, at no extra cost.
    const subject = NON_ASCII.test(text) ? text.normalize('NFKC') : text;
    if (URL_ESCAPE.test(subject)) {
      // A value URL-encoded (a query string, a form body) is found in the decoded text, which is then what is logged.
      const decoded = urlDecoded(subject).normalize('NFKC');
      const redacted = this.#replace(decoded);
      if (redacted !== decoded) return redacted;
    }
    return this.#replace(subject);
  }

  #replace(text: string): string {
    const literal = this.#literal ? text.replace(this.#literal, REDACTED) : text;
    return this.#numeric && DIGIT.test(literal) ? literal.replace(this.#numeric, REDACTED) : literal;
  }
}

// Values registered inside a handler wrapper belong to that invocation. Invocations overlap in one
// process only on Lambda managed instances, which set AWS_LAMBDA_MAX_CONCURRENCY: there each
// invocation's values live in an AsyncLocalStorage scope, so that two invocations neither forget nor
// share each other's values. Elsewhere (Lambda's default of one invocation at a time per process, the
// local cloud's workers) a plain variable holds the running invocation's values: AsyncLocalStorage's
// promise hooks cost ~8 ms of a cold start's first invocation on Node 22 and slow every later await.
// Values registered outside any wrapper are process-wide.
const processValues = new SensitiveValues();
const invocationValues = new AsyncLocalStorage<SensitiveValues>();
let runningValues: SensitiveValues | undefined;
let running = 0;

const invocationsMayOverlap = (): boolean => Number(process.env['AWS_LAMBDA_MAX_CONCURRENCY'] ?? 1) > 1;

/**
 * Runs `fn` with a fresh, empty list of sensitive values: what the handler wrappers do for each
 * invocation. Process-wide values still apply inside it. Without AWS_LAMBDA_MAX_CONCURRENCY, scopes
 * that overlap anyway (a wrapper called again before its last call ended) share one list: each
 * redacts the other's values too, and none is forgotten before the last of them ends.
 */
export const withSensitiveValueScope = <T>(fn: () => T): T => {
  if (invocationsMayOverlap()) return invocationValues.run(new SensitiveValues(), fn);
  runningValues ??= new SensitiveValues();
  running += 1;
  const end = (): void => {
    running -= 1;
    if (running === 0) runningValues = undefined;
  };
  try {
    const result = fn();
    if (result instanceof Promise) return result.finally(end) as T;
    end();
    return result;
  } catch (error) {
    end();
    throw error;
  }
};

const currentScope = (): SensitiveValues | undefined => invocationValues.getStore() ?? runningValues;

const collect = (into: SensitiveValues, value: unknown, depth: number): void => {
  if (typeof value === 'string') {
    into.add(value);
  } else if (Array.isArray(value)) {
    if (depth < MAX_DEPTH) for (const item of value) collect(into, item, depth + 1);
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    if (depth < MAX_DEPTH) for (const item of Object.values(value)) collect(into, item, depth + 1);
  }
};

/**
 * Remembers values that must never appear in a log line for the rest of this invocation: every
 * occurrence inside any logged string is replaced by `[REDACTED]`, case-insensitively. Arrays and
 * plain objects contribute their string leaves, so `registerSensitiveValues(event.applicant_pii)`
 * works. Strings shorter than 4 characters are ignored.
 */
export const registerSensitiveValues = (...values: unknown[]): void => {
  const into = currentScope() ?? processValues;
  for (const value of values) collect(into, value, 0);
};

/** Forgets the registered values of the current invocation (or the process-wide ones outside one). */
export const clearSensitiveValues = (): void => {
  (currentScope() ?? processValues).clear();
};

/** Replaces every registered sensitive value inside `text`. */
export const redactString = (text: string): string => {
  const scoped = currentScope();
  return processValues.redact(scoped === undefined ? text : scoped.redact(text));
};

export interface RedactOptions {
  /** Finds the `file:line` an error was thrown at (Powertools' `LogFormatter.getCodeLocation`). */
  locate?: (stack: string | undefined) => string;
}

const ERROR_BASE_KEYS = new Set(['name', 'message', 'stack', 'cause']);

/**
 * Returns a JSON-ready deep copy of `value` with sensitive keys and registered values redacted.
 * It visits exactly what `JSON.stringify` would serialise (own enumerable keys, `toJSON` results),
 * so nothing reaches the output without passing through it. Errors become
 * `{ name, location, message, stack, cause, ...their own fields }`, each redacted by value.
 */
export const redactValue = (value: unknown, options: RedactOptions = {}): unknown =>
  walk(value, '', [], options);

function walk(value: unknown, key: string, ancestors: object[], options: RedactOptions): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.includes(value)) return '[Circular]';
  if (ancestors.length >= MAX_DEPTH) return '[Truncated]';
  if (value instanceof Error) return walkError(value, ancestors, options);
  // Raw bytes (an image, a ciphertext) are never worth a log line; their size is.
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;

  const withJson = value as { toJSON?: (key: string) => unknown };
  if (typeof withJson.toJSON === 'function') {
    return walk(withJson.toJSON(key), key, [...ancestors, value], options);
  }

  const path = [...ancestors, value];
  if (Array.isArray(value)) return value.map((item, index) => walk(item, String(index), path, options));
  return walkEntries(Object.entries(value), path, options);
}

function walkEntries(
  entries: Iterable<[string, unknown]>,
  path: object[],
  options: RedactOptions,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const safeKey = redactString(key);
    if (value !== undefined && value !== null && isSensitiveKey(key, value)) {
      copy[safeKey] = REDACTED;
    } else {
      copy[safeKey] = walk(value, key, path, options);
    }
  }
  return copy;
}

function walkError(error: Error, ancestors: object[], options: RedactOptions): Record<string, unknown> {
  const path = [...ancestors, error];
  // An error's name, message and stack are text, not fields of a payload: redacted by value only.
  const formatted: Record<string, unknown> = {
    name: redactString(String(error.name)),
    location: options.locate ? redactString(options.locate(error.stack)) : undefined,
    message: redactString(String(error.message)),
    stack: typeof error.stack === 'string' ? redactString(error.stack) : undefined,
    cause: walk(error.cause, 'cause', path, options),
  };
  // Extra fields (`code`, `status`, an SDK error's `$metadata`) follow the same rules as any object.
  const extra: [string, unknown][] = [];
  for (const key in error) {
    if (!ERROR_BASE_KEYS.has(key)) extra.push([key, (error as unknown as Record<string, unknown>)[key]]);
  }
  return { ...formatted, ...walkEntries(extra, path, options) };
}
