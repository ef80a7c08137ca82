import type { IncomingMessage } from 'node:http';
import { s3TargetOf } from './cors.js';

/**
 * The name AWS gives the operation of a request, as fault rules name it (`GetObject`, `Invoke`, `SendEmail`).
 * JSON protocols carry it in `X-Amz-Target`, query protocols in the `Action` form field (the caller passes the
 * body it read), REST protocols in the method and path. `undefined` when the edge cannot tell: such a request
 * only matches a rule for every operation of its service (`s3:*`).
 */
export function operationOf(req: IncomingMessage, service: string, queryBody?: Buffer): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  if (queryBody !== undefined) {
    return new URLSearchParams(queryBody.toString('utf8')).get('Action') ?? undefined;
  }
  if (service === 's3') return s3OperationOf(req);
  if (service === 'lambda') return lambdaOperationOf(req);
  if (service === 'ses') return sesV2OperationOf(req);
  return undefined;
}

/** S3's REST operations, from the method, whether the path names a key, and the sub-resource in the query. */
function s3OperationOf(req: IncomingMessage): string | undefined {
  const target = s3TargetOf(req);
  if (target === undefined) return req.method === 'GET' ? 'ListBuckets' : undefined;
  const query = new URL(req.url ?? '/', 'http://local').searchParams;
  const onObject = target.key !== '';
  switch (req.method) {
    case 'GET':
      if (onObject) return query.has('tagging') ? 'GetObjectTagging' : 'GetObject';
      if (query.has('uploads')) return 'ListMultipartUploads';
      return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    case 'HEAD':
      return onObject ? 'HeadObject' : 'HeadBucket';
    case 'PUT':
      if (!onObject) return 'CreateBucket';
      if (query.has('partNumber')) return 'UploadPart';
      if (query.has('tagging')) return 'PutObjectTagging';
      return req.headers['x-amz-copy-source'] === undefined ? 'PutObject' : 'CopyObject';
    case 'DELETE':
      if (!onObject) return 'DeleteBucket';
      return query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    case 'POST':
      if (query.has('delete')) return 'DeleteObjects';
      if (query.has('uploads')) return 'CreateMultipartUpload';
      return query.has('uploadId') ? 'CompleteMultipartUpload' : undefined;
    default:
      return undefined;
  }
}

const LAMBDA_OPERATIONS: readonly (readonly [string, RegExp, string])[] = [
  ['POST', /^\/2015-03-31\/functions\/[^/]+\/invocations$/, 'Invoke'],
  ['GET', /^\/2015-03-31\/functions\/?$/, 'ListFunctions'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+\/?$/, 'GetFunction'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+\/versions\/?$/, 'ListVersionsByFunction'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+\/aliases\/?$/, 'ListAliases'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+\/aliases\/[^/]+$/, 'GetAlias'],
  ['GET', /^\/2015-03-31\/event-source-mappings\/?$/, 'ListEventSourceMappings'],
  ['GET', /^\/2015-03-31\/event-source-mappings\/[^/]+$/, 'GetEventSourceMapping'],
];

function lambdaOperationOf(req: IncomingMessage): string | undefined {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  return LAMBDA_OPERATIONS.find(([method, pattern]) => method === req.method && pattern.test(path))?.[2];
}

/** SES v2 is REST JSON under `/v2/email/`; v1 is a query protocol (handled by the `Action` field). */
function sesV2OperationOf(req: IncomingMessage): string | undefined {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (req.method === 'POST' && path === '/v2/email/outbound-emails') return 'SendEmail';
  return undefined;
}
