import { CallbackUrlError } from './errors.js';

export interface CallbackPolicy {
  /** `local` is the only environment that may call back over plain http. */
  environment: string;
  /** Host names of the IDP that this environment may call back. */
  allowedHosts: readonly string[];
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
  if (!policy.allowedHosts.includes(url.hostname.toLowerCase())) {
    throw new CallbackUrlError('callback_url host is not on the allow-list');
  }
  return url;
}

/** The IDP's result id: the last path segment of the callback URL. */
export function resultIdOf(url: URL): string {
  return url.pathname.split('/').filter(Boolean).at(-1) ?? '';
}
