import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sendJsonError } from './aws-errors.js';
import { PayloadTooLargeError, readBody } from './body.js';

/** An error an AWS JSON service returns to the caller, with its `__type` and HTTP status. */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'AwsServiceError';
  }
}

export type JsonInput = Record<string, unknown>;
export type JsonOperation = (input: JsonInput) => unknown;

const MAX_JSON_BODY = 1024 * 1024;

/** Serves one AWS JSON 1.0/1.1 service: `X-Amz-Target: <prefix>.<Operation>` and a JSON object body. */
export async function serveJsonRpc(
  req: IncomingMessage,
  res: ServerResponse,
  targetPrefix: string,
  operations: Readonly<Record<string, JsonOperation>>,
): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const [prefix, operationName] = target.split('.', 2);
  const operation =
    req.method === 'POST' &&
    prefix === targetPrefix &&
    operationName !== undefined &&
    Object.hasOwn(operations, operationName)
      ? operations[operationName]
      : undefined;
  try {
    const raw = await readBody(req, MAX_JSON_BODY);
    if (operation === undefined) {
      throw new AwsServiceError(
        'UnknownOperationException',
        `Unknown operation ${target || '(no X-Amz-Target)'}`,
      );
    }
    let input: unknown;
    try {
      input = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AwsServiceError('SerializationException', 'The request body is not valid JSON');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AwsServiceError('SerializationException', 'The request body must be a JSON object');
    }
    const output = JSON.stringify((await operation(input as JsonInput)) ?? {});
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(output),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(output);
  } catch (error) {
    if (error instanceof AwsServiceError) {
      sendJsonError(res, error.status, error.code, error.message);
    } else if (error instanceof PayloadTooLargeError) {
      sendJsonError(res, 413, 'RequestEntityTooLargeException', error.message);
    } else {
      sendJsonError(res, 500, 'InternalFailure', 'The local cloud failed to process the request');
      throw error;
    }
  }
}

// Small typed readers for operation inputs: a wrong type is the caller's error, not a crash.
export function requiredString(input: JsonInput, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsServiceError('ValidationException', `${field} is required and must be a non-empty string`);
  }
  return value;
}

export function optionalString(input: JsonInput, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new AwsServiceError('ValidationException', `${field} must be a string`);
  return value;
}

export function optionalBoolean(input: JsonInput, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new AwsServiceError('ValidationException', `${field} must be a boolean`);
  return value;
}

export function optionalNumber(input: JsonInput, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new AwsServiceError('ValidationException', `${field} must be an integer`);
  }
  return value;
}

export function optionalStringList(input: JsonInput, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new AwsServiceError('ValidationException', `${field} must be a list of strings`);
  }
  return value as string[];
}

/** One page of `all` for `MaxResults` (1..limit) and an opaque `NextToken` (the offset). */
export function pageOf<T>(all: readonly T[], input: JsonInput, limit: number) {
  const maxResults = optionalNumber(input, 'MaxResults') ?? limit;
  if (maxResults < 1 || maxResults > limit) {
    throw new AwsServiceError('ValidationException', `MaxResults must be between 1 and ${limit}`);
  }
  const token = optionalString(input, 'NextToken');
  const offset = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) {
    throw new AwsServiceError('ValidationException', 'The NextToken is not valid');
  }
  const next = offset + maxResults < all.length ? offset + maxResults : undefined;
  return {
    items: all.slice(offset, offset + maxResults),
    nextToken: next === undefined ? {} : { NextToken: Buffer.from(String(next)).toString('base64url') },
  };
}
