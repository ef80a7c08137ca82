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
]);

// Composite names (`callback_token`, `client_secret`, `new_password`) are as sensitive as the plain ones.
const SENSITIVE_SUFFIXES = ['password', 'token', 'secret', 'apikey'];

const normalizeKey = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');

/**
 * Whether a log attribute with this key is redacted whatever its value. `key` alone is redacted only
 * when its value is a string: an S3 object key or an API key are strings, a DynamoDB key is an object.
 */
export const isSensitiveKey = (key: string, value: unknown): boolean => {
  const normalized = normalizeKey(key);
  if (normalized === 'key') return typeof value === 'string';
  return SENSITIVE_KEYS.has(normalized) || SENSITIVE_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
};

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A set of values to redact, compiled lazily into one case-insensitive pattern. */
class SensitiveValues {
  readonly #values = new Set<string>();
  #pattern: RegExp | undefined;
  #stale = false;

  add(value: string): void {
    if (value.length < MIN_SENSITIVE_VALUE_LENGTH || this.#values.has(value)) return;
    this.#values.add(value);
    this.#stale = true;
    // An SSN or phone number is often logged without its separators: "123-45-6789" as "123456789".
    if (/^[\d\s().+-]+$/.test(value)) {
      const digits = value.replace(/\D/g, '');
      if (digits !== value) this.add(digits);
    }
  }

  clear(): void {
    this.#values.clear();
    this.#pattern = undefined;
    this.#stale = false;
  }

  redact(text: string): string {
    if (this.#stale) {
      // Longest first, so a value that contains another is replaced whole.
      const alternatives = [...this.#values].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.#pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gi') : undefined;
      this.#stale = false;
    }
    return this.#pattern === undefined ? text : text.replace(this.#pattern, REDACTED);
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
