/** The vendor could not be reached, or answered with an error. The message is ours, never the vendor's body. */
export class VendorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VendorError';
  }
}

/** The vendor did not answer within the time the job could give it. */
export class VendorTimeoutError extends VendorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VendorTimeoutError';
  }
}

/** A vendor's configuration (its Secrets Manager secret) is missing or invalid. Names the field, never a value. */
export class VendorConfigError extends VendorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VendorConfigError';
  }
}

/** A feature flag was checked that the service never declared: a programming error, not a flag source failure. */
export class FlagNotDeclaredError extends Error {
  readonly flag: string;

  constructor(flag: string) {
    super(`feature flag ${JSON.stringify(flag.slice(0, 100))} is not declared`);
    this.name = 'FlagNotDeclaredError';
    this.flag = flag;
  }
}
