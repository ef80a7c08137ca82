/** A test waited for something (a callback, a log line) that did not happen in time. */
export class WaitTimeoutError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WaitTimeoutError';
  }
}

/** A Terraform module call's for_each is written in a shape the offline checks cannot read as one call per key. */
export class TerraformForEachError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TerraformForEachError';
  }
}

/** The local cloud's fault control refused a request (a rule it cannot apply, for instance). */
export class FaultControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FaultControlError';
  }
}

/** The local cloud's reCAPTCHA stand-in refused a token request (a score outside 0..1, a bad action). */
export class RecaptchaTokenRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RecaptchaTokenRequestError';
  }
}
