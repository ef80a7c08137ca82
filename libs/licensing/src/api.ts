import { MAX_LICENSES_PER_REQUEST, isCompact, isJurisdiction, type Compact } from '@backend/contracts';
import {
  AppError,
  NotFoundError,
  ValidationError,
  requireAnyScope,
  type HttpRequest,
  type HttpResponse,
} from '@backend/platform';
import type { ObjectStore } from '@backend/persistence';
import { randomUUID } from 'node:crypto';
import { MAX_UPLOAD_BYTES, uploadKey } from './ingest.js';
import { LicensesNotWrittenError, type LicenseRow, type LicenseStore } from './license-store.js';
import type { UploadStore } from './upload-store.js';
import { checkLicense, duplicateKey, trimStrings, type FieldProblem } from './validate.js';

/**
 * How long a JSON write waits for an upload's batch to give back the jurisdiction's lease (a batch holds it under a
 * second) before 429 JURISDICTION_BUSY: well inside license-uploads' 30 s timeout. The lease's own 2-minute wait
 * would have Lambda stop the request (a 5xx) while an ingest stopped holding the lease (its timeout, a crash) frees
 * it, 60 s later.
 */
const JSON_WRITE_LEASE_WAIT_MS = 5_000;

/** How long a pre-signed upload stays valid. */
export const UPLOAD_URL_SECONDS = 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface LicensingApiDependencies {
  readonly licenses: LicenseStore;
  readonly uploads: UploadStore;
  readonly objects: ObjectStore;
  readonly now?: () => Date;
}

/** The compact and jurisdiction of the path, or 404: there is no such collection of licenses. */
function pathOwner(request: HttpRequest): { compact: Compact; jurisdiction: string } {
  const { compact, jurisdiction } = request.pathParameters;
  if (compact === undefined || !isCompact(compact)) {
    throw new NotFoundError('unknown compact', { code: 'UNKNOWN_COMPACT', field: 'compact' });
  }
  if (jurisdiction === undefined || !isJurisdiction(jurisdiction)) {
    throw new NotFoundError('unknown jurisdiction', { code: 'UNKNOWN_JURISDICTION', field: 'jurisdiction' });
  }
  return { compact, jurisdiction };
}

/** A board writes only its own jurisdiction's licenses in the compact: `{jurisdiction}/{compact}.write` (or `.admin`). */
function authorizeBoardWrite(request: HttpRequest, compact: string, jurisdiction: string) {
  return requireAnyScope(request, `${jurisdiction}/${compact}.write`, `${jurisdiction}/${compact}.admin`);
}

/** `GET …/licenses/bulk-upload`: a pre-signed S3 POST for one CSV file, and its upload record. */
export async function createUploadUrl(
  request: HttpRequest,
  deps: LicensingApiDependencies,
): Promise<HttpResponse> {
  const { compact, jurisdiction } = pathOwner(request);
  const auth = authorizeBoardWrite(request, compact, jurisdiction);
  const uploadId = randomUUID();
  const key = uploadKey(compact, jurisdiction, uploadId);
  const now = deps.now?.() ?? new Date();
  await deps.uploads.createAwaiting({
    uploadId,
    compact,
    jurisdiction,
    objectKey: key,
    createdAt: now.toISOString(),
    ...(auth.subject === undefined ? {} : { requestedBy: auth.subject }),
  });
  const post = await deps.objects.presignedPost({
    key,
    contentType: 'text/csv',
    minBytes: 1,
    maxBytes: MAX_UPLOAD_BYTES,
    expiresInSeconds: UPLOAD_URL_SECONDS,
  });
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
  return { status: 200, body: { upload: { uploadId, url: post.url, fields: post.fields, expiresAt } } };
}

/**
 * `POST …/licenses`: up to 100 licenses as a JSON array. Every license is checked first; with any error nothing is
 * written and the answer lists each error by index. A write DynamoDB does not confirm is answered 503 naming the
 * indexes not confirmed (the others are written; sending the request again is harmless).
 */
export async function postLicenses(
  request: HttpRequest,
  deps: LicensingApiDependencies,
): Promise<HttpResponse> {
  const { compact, jurisdiction } = pathOwner(request);
  authorizeBoardWrite(request, compact, jurisdiction);
  const body = request.json();
  if (!Array.isArray(body))
    throw new ValidationError('the body must be a JSON array of licenses', { code: 'NOT_AN_ARRAY' });
  if (body.length === 0 || body.length > MAX_LICENSES_PER_REQUEST) {
    throw new ValidationError(`send 1 to ${MAX_LICENSES_PER_REQUEST} licenses per request`, {
      code: 'BAD_LICENSE_COUNT',
    });
  }
  const rows: LicenseRow[] = [];
  const errors: ({ index: number } & FieldProblem)[] = [];
  const firstIndexOf = new Map<string, number>();
  body.forEach((item, index) => {
    const check = checkLicense(trimStrings(item), compact);
    if (!check.ok) {
      errors.push({ index, ...check.problem });
      return;
    }
    const first = firstIndexOf.get(duplicateKey(check.license));
    if (first !== undefined) {
      errors.push({ index, message: `the same ssn and licenseType as index ${first}` });
      return;
    }
    firstIndexOf.set(duplicateKey(check.license), index);
    rows.push({ row: index + 1, license: check.license });
  });
  if (errors.length > 0) {
    return {
      status: 400,
      body: {
        error: {
          code: 'INVALID_LICENSES',
          message: `${errors.length} of ${body.length} licenses are invalid; none was written`,
        },
        errors,
      },
    };
  }
  const now = deps.now?.() ?? new Date();
  try {
    const outcome = await deps.licenses.upsert(
      rows,
      {
        compact,
        jurisdiction,
        uploadId: `api-${request.requestId}`,
        dateOfUpdate: now.toISOString(),
      },
      { leaseWaitMs: JSON_WRITE_LEASE_WAIT_MS },
    );
    return {
      status: 200,
      body: { written: outcome.written, unchanged: outcome.unchanged, superseded: outcome.superseded },
    };
  } catch (error) {
    if (!(error instanceof LicensesNotWrittenError)) throw error;
    return {
      status: 503,
      headers: { 'retry-after': '1' },
      body: {
        error: {
          code: 'PARTIALLY_WRITTEN',
          message:
            'some licenses were not confirmed written; send the request again (writing a license twice is harmless)',
        },
        notConfirmed: error.rows.map((row) => row - 1),
      },
    };
  }
}

/** `GET …/licenses/uploads/{uploadId}`: the upload's status, counts and a page of row errors, for the board that uploaded. */
export async function getUpload(request: HttpRequest, deps: LicensingApiDependencies): Promise<HttpResponse> {
  const { compact, jurisdiction } = pathOwner(request);
  requireAnyScope(
    request,
    `${jurisdiction}/${compact}.write`,
    `${jurisdiction}/${compact}.admin`,
    `${compact}/admin`,
  );
  const uploadId = request.pathParameters['uploadId'] ?? '';
  if (!UUID.test(uploadId))
    throw new NotFoundError('no such upload', { code: 'UPLOAD_NOT_FOUND', field: 'uploadId' });
  const cursor = request.query['cursor'];
  return {
    status: 200,
    body: await deps.uploads.read(
      uploadId,
      { compact, jurisdiction },
      cursor === undefined ? {} : { cursor },
    ),
  };
}

/** The write side's routes, served by one function (the route is told by method and path parameters). */
export async function licensingWriteRoute(
  request: HttpRequest,
  deps: LicensingApiDependencies,
): Promise<HttpResponse> {
  if (request.method === 'POST') return postLicenses(request, deps);
  if (request.method === 'GET' && request.pathParameters['uploadId'] !== undefined)
    return getUpload(request, deps);
  if (request.method === 'GET' && request.path.endsWith('/bulk-upload'))
    return createUploadUrl(request, deps);
  throw new AppError('no such route', { status: 404, code: 'NOT_FOUND' });
}
