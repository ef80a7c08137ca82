import { VendorError } from '@backend/vendors';

/**
 * The `exception` string of a result: "ErrorClass: message" for errors this project raises with messages of
 * its own (vendor and validation errors), and a fixed text for anything else, whose message might carry a
 * vendor's body or PII.
 */
export function exceptionText(
  error: unknown,
  known: readonly (new (...args: never[]) => Error)[] = [],
): string {
  if (error instanceof VendorError || known.some((type) => error instanceof type)) {
    const { name, message } = error as Error;
    return `${name}: ${message}`;
  }
  return 'InternalError: the job failed unexpectedly';
}
