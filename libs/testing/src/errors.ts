/** A test waited for something (a callback, a log line) that did not happen in time. */
export class WaitTimeoutError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WaitTimeoutError';
  }
}
