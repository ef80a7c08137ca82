/** A resource or function declaration that cannot be deployed as written. */
export class DeclarationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeclarationError';
  }
}

/** esbuild could not bundle a function's handler. */
export class BundleError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BundleError';
  }
}

/** An invocation named a function that is not deployed. */
export class FunctionNotFoundError extends Error {
  constructor(
    readonly functionName: string,
    options?: ErrorOptions,
  ) {
    super(`Function not found: ${functionName}`, options);
    this.name = 'FunctionNotFoundError';
  }
}

/** An emulator (dynalite, fauxqs, SES) failed to start or to provision a resource. */
export class EmulatorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmulatorError';
  }
}
