import {
  OutboundHttpError,
  type HttpClient,
  type OutboundRequest,
  type OutboundResponse,
} from '@backend/platform';
import { VendorError, VendorTimeoutError } from '../errors.js';

/**
 * Sends one request to a vendor and maps every way it can go wrong to our own errors, whose messages
 * never carry what the vendor answered: network errors -> `<label> unreachable`, the request's timeout or
 * the job's signal -> `VendorTimeoutError`, an oversized answer -> unreadable, any status outside 2xx ->
 * `<label> answered HTTP <status>`. Returns the response when its status is 2xx, or when `acceptStatus`
 * says the caller reads the body of that status itself (SOAP faults arrive with HTTP 500).
 */
export async function sendToVendor(
  label: string,
  http: HttpClient,
  request: OutboundRequest,
  acceptStatus: (status: number) => boolean = () => false,
): Promise<OutboundResponse> {
  let response: OutboundResponse;
  try {
    response = await http(request);
  } catch (error) {
    throw mapTransportError(label, error);
  }
  if ((response.status < 200 || response.status >= 300) && !acceptStatus(response.status)) {
    throw new VendorError(`${label} answered HTTP ${response.status}`);
  }
  return response;
}

export function mapTransportError(label: string, error: unknown): VendorError {
  if (error instanceof OutboundHttpError) {
    switch (error.kind) {
      case 'timeout':
        return new VendorTimeoutError(`${label} timed out`, { cause: error });
      case 'aborted':
        return new VendorTimeoutError(`${label} did not answer before the job's deadline`, { cause: error });
      case 'too-large':
        return unreadable(label);
      case 'network':
        return new VendorError(`${label} unreachable`, { cause: error });
    }
  }
  // An injected client threw something else: its text is unknown, so it is not kept.
  return new VendorError(`${label} unreachable`);
}

export const unreadable = (label: string): VendorError =>
  new VendorError(`${label} sent an unreadable response`);

/** A vendor's reason or exception code, kept only when it looks like one (never free text that may hold PII). */
export function safeCode(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,80}$/.test(value) ? value : null;
}
