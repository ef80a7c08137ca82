import { AppError, UnauthorizedError, ValidationError, type AppErrorOptions } from '@backend/platform';

// Names are string literals, not `new.target.name`: minified bundles rename classes.

/** Login or a password check failed. One message for an unknown address and a wrong password alike. */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor(options: AppErrorOptions = {}) {
    super('Invalid credentials', { ...options, code: 'INVALID_CREDENTIALS' });
    this.name = 'InvalidCredentialsError';
  }
}

/** A session JWT that is missing, malformed, expired, signed by an unknown key, or revoked by a password change. */
export class InvalidSessionError extends UnauthorizedError {
  constructor(
    message = 'Sign in again: the session is missing, expired or ended',
    options: AppErrorOptions = {},
  ) {
    super(message, { ...options, code: 'INVALID_SESSION' });
    this.name = 'InvalidSessionError';
  }
}

/** The password is correct but the address is not verified yet. */
export class EmailNotVerifiedError extends AppError {
  constructor() {
    super('Verify your e-mail address first: follow the link in the mail we sent', {
      status: 403,
      code: 'EMAIL_NOT_VERIFIED',
    });
    this.name = 'EmailNotVerifiedError';
  }
}

/** A verification or reset link that is unknown, used or expired. Says nothing about which. */
export class InvalidLinkError extends ValidationError {
  constructor() {
    super('This link is invalid, used or expired: ask for a new one', {
      code: 'INVALID_OR_EXPIRED_LINK',
      field: 'token',
    });
    this.name = 'InvalidLinkError';
  }
}

/** A new password the policy refuses; the message names the rule, never the password. */
export class WeakPasswordError extends ValidationError {
  constructor(message: string, field: string) {
    super(message, { code: 'WEAK_PASSWORD', field });
    this.name = 'WeakPasswordError';
  }
}

/** The session keyring secret cannot be read as a keyring: an operator's mistake, never the caller's. */
export class SessionKeyringError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SessionKeyringError';
  }
}
