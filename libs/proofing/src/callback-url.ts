import { CallbackUrlError } from './errors.js';

export interface CallbackPolicy {
  /** `local` is the only environment that may call back over plain http. */
  environment: string;
  /** Entries of CALLBACK_ALLOWED_HOSTS: `host` (port 443) or `host:port`, lower case. */
  allowedHosts: readonly string[];
}

/**
 * One CALLBACK_ALLOWED_HOSTS entry: a lower-case host name and an optional port. The config schema and
 * Terraform's `callback_allowed_hosts` validation use this very pattern (a contract test compares them).
 */
export const CALLBACK_HOST_PATTERN = '^[a-z0-9.-]+(:[0-9]{1,5})?$';

const DEFAULT_PORTS: Record<string, string> = { 'https:': '443', 'http:': '80' };

/**
 * Whether `url` is on the allow-list. Host and port are compared: an entry without a port means 443, so another
 * service on the IDP's host name is not the IDP. Locally the IDP (the simulator, a test's receiver) listens on a
 * free loopback port, so there an entry without a port allows any port.
 */
function isAllowedHost(url: URL, policy: CallbackPolicy): boolean {
  const port = url.port || DEFAULT_PORTS[url.protocol];
  return policy.allowedHosts.some((entry) => {
    const [host, entryPort] = entry.split(':');
    if (host !== url.hostname) return false;
    if (entryPort === undefined) return policy.environment === 'local' || port === '443';
    return entryPort === port;
  });
}

/** Parses and checks a callback_url against the environment's policy before anything is sent to it. */
export function checkCallbackUrl(value: unknown, policy: CallbackPolicy): URL {
  if (typeof value !== 'string') throw new CallbackUrlError('callback_url is required');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CallbackUrlError('callback_url is not a valid URL');
  }
  const schemes = policy.environment === 'local' ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    throw new CallbackUrlError(`callback_url must use ${schemes.join(' or ').replaceAll(':', '')}`);
  }
  if (url.username || url.password) throw new CallbackUrlError('callback_url must not carry credentials');
  if (!isAllowedHost(url, policy)) {
    throw new CallbackUrlError('callback_url host and port are not on the allow-list');
  }
  return url;
}

/** The IDP's result id: the last path segment of the callback URL. */
export function resultIdOf(url: URL): string {
  return url.pathname.split('/').filter(Boolean).at(-1) ?? '';
}
