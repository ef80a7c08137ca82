import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { getSecret } from '@backend/platform';
import { VendorConfigError } from '../errors.js';

/** Where a vendor's configuration secret is read: a Secrets Manager client and cache age, injectable for tests. */
export interface SecretSource {
  secretsClient?: SecretsManagerClient;
  /** How long the secret is served from memory (30 s by default), so a rotation is picked up quickly. */
  maxAgeSeconds?: number;
}

/**
 * A vendor endpoint: an https URL, plain http only to the loopback interface (where the local simulators and the
 * local cloud run), without credentials. Returns what is wrong with it otherwise.
 */
export function vendorUrl(text: string | URL): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a URL';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'must be an https URL';
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  return url;
}

/**
 * Reads the fields of one configuration object and remembers which were read, so `done()` can reject a
 * field nobody reads: a typo in a secret fails loudly instead of silently falling back to a default.
 * Messages name the field, never its value (the object holds credentials).
 */
export class ConfigFields {
  private readonly read = new Set<string>();

  constructor(
    private readonly label: string,
    private readonly raw: Record<string, unknown>,
  ) {}

  string(name: string, options: { pattern?: RegExp; maxLength?: number } = {}): string {
    const value = this.optionalString(name, options);
    if (value === undefined) throw this.problem(name, 'is required');
    return value;
  }

  optionalString(name: string, options: { pattern?: RegExp; maxLength?: number } = {}): string | undefined {
    const value = this.take(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0)
      throw this.problem(name, 'must be a non-empty string');
    if (value.length > (options.maxLength ?? 65_536)) throw this.problem(name, 'is too long');
    if (options.pattern && !options.pattern.test(value)) {
      throw this.problem(name, `must match ${String(options.pattern)}`);
    }
    return value;
  }

  /** An https URL; plain http only to the loopback interface, where the local vendor simulators run. */
  url(name: string): URL {
    const url = vendorUrl(this.string(name));
    if (typeof url === 'string') throw this.problem(name, url);
    return url;
  }

  integer(name: string, options: { min: number; max: number; default: number }): number {
    const value = this.take(name);
    if (value === undefined) return options.default;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.problem(name, 'must be an integer');
    if (value < options.min || value > options.max) {
      throw this.problem(name, `must be between ${options.min} and ${options.max}`);
    }
    return value;
  }

  boolean(name: string, defaultValue: boolean): boolean {
    const value = this.take(name);
    if (value === undefined) return defaultValue;
    if (typeof value !== 'boolean') throw this.problem(name, 'must be true or false');
    return value;
  }

  optionalList(name: string, pattern: RegExp): string[] | undefined {
    const value = this.take(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && pattern.test(item))) {
      throw this.problem(name, `must be a list of strings matching ${String(pattern)}`);
    }
    return value as string[];
  }

  /** Rejects fields that no reader asked for. */
  done(): void {
    const unknown = Object.keys(this.raw).filter((name) => !this.read.has(name));
    if (unknown.length > 0)
      throw new VendorConfigError(`${this.label} configuration has unknown field ${unknown[0]}`);
  }

  problem(name: string, what: string): VendorConfigError {
    return new VendorConfigError(`${this.label} configuration: ${name} ${what}`);
  }

  private take(name: string): unknown {
    this.read.add(name);
    // Own fields only: a secret without `name` must not find an inherited member of the same name.
    const value = Object.hasOwn(this.raw, name) ? this.raw[name] : undefined;
    return value === null ? undefined : value;
  }
}

/** A secret's text through the platform's `getSecret`, with the source's client and cache age when it names them. */
export const readSecret = (secretName: string, source: SecretSource = {}): Promise<string> =>
  getSecret(secretName, {
    ...(source.secretsClient ? { secretsClient: source.secretsClient } : {}),
    ...(source.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: source.maxAgeSeconds }),
  });

/**
 * A getter of a vendor's configuration, kept as a JSON object in a Secrets Manager secret. The secret is read
 * through `getSecret` (cached for `maxAgeSeconds`); the parsed result is cached for as long as the secret's
 * text is unchanged, so a warm function neither re-parses nor re-validates it, and a rotated secret takes
 * effect within the cache age. Every failure is a `VendorConfigError` that names no value.
 */
export function secretConfig<T>(
  label: string,
  secretName: string,
  source: SecretSource,
  parse: (fields: ConfigFields) => T,
): () => Promise<T> {
  let cached: { raw: string; config: T } | undefined;
  return async () => {
    let raw: string;
    try {
      raw = await readSecret(secretName, source);
    } catch (error) {
      throw new VendorConfigError(`${label} configuration could not be read`, { cause: error });
    }
    if (cached?.raw === raw) return cached.config;
    const config = parseSecretText(label, raw, parse);
    cached = { raw, config };
    return config;
  };
}

/** A secret's text as a configuration: JSON, an object, every field read by `parse` and no other. */
export function parseSecretText<T>(label: string, raw: string, parse: (fields: ConfigFields) => T): T {
  let object: unknown;
  try {
    object = JSON.parse(raw);
  } catch {
    // No cause: JSON.parse's message quotes the text around the error, which holds credentials.
    throw new VendorConfigError(`${label} configuration is not valid JSON`);
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new VendorConfigError(`${label} configuration must be a JSON object`);
  }
  const fields = new ConfigFields(label, object as Record<string, unknown>);
  const config = parse(fields);
  fields.done();
  return config;
}
