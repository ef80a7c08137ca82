import { ValidationError } from '@backend/platform';

// Names are string literals, not `new.target.name`: minified bundles rename classes.

/** An uploaded file the ingest cannot read as a license CSV at all (its encoding, its header, its size). */
export class UploadFileError extends ValidationError {
  /** The file's line the problem is on, when there is one. */
  readonly line?: number;

  constructor(code: string, message: string, options: { line?: number; cause?: unknown } = {}) {
    super(message, { code, ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.name = 'UploadFileError';
    if (options.line !== undefined) this.line = options.line;
  }
}

/** An S3 object key that is not `{compact}/{jurisdiction}/{uuid}`: not an upload this service handed out. */
export class UploadKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadKeyError';
  }
}

/** The licensing key parameter does not hold 32 bytes of hex: a deployment mistake, named, never shown. */
export class LicensingKeyError extends Error {
  constructor(parameterName: string) {
    super(`${parameterName} must hold 32 bytes as 64 hex characters`);
    this.name = 'LicensingKeyError';
  }
}
