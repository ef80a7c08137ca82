import { ValidationError } from '@backend/platform';

/** A callback_url this environment will not call: not https outside local, or a host off the allow-list. */
export class CallbackUrlError extends ValidationError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, field: 'callback_url' });
    this.name = 'CallbackUrlError';
  }
}

/** The IDP refused the callback with a 4xx that retrying cannot fix (e.g. 401 wrong token, 404 unknown id). */
export class CallbackRejectedError extends Error {
  constructor(
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(`callback refused with HTTP ${status}`, options);
    this.name = 'CallbackRejectedError';
  }
}

/** The callback was not delivered: every attempt failed (network errors, 408, 425, 429, 5xx), a 3xx, or the deadline. */
export class CallbackDeliveryError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CallbackDeliveryError';
  }
}
