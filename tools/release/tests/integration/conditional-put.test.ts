import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactConflictError, artifactsDir, packageApp, publishRelease } from '../../src/index.js';
import { installBuildOutput, scratchWorkspace, sha } from '../support/fixture.js';
import { TEST_CREDENTIALS } from '../support/s3-emulator.js';

/*
 * fauxqs ignores If-None-Match on PUT and keeps no checksums, so the two paths publish takes only
 * against real S3 are exercised here over HTTP with the real SDK client: S3 answering a HeadObject
 * with the SHA-256 it verified on upload, and S3 refusing a conditional PUT (412) because another
 * publisher wrote the key in between.
 */

interface Seen {
  method: string;
  key: string;
  headers: IncomingMessage['headers'];
}

let server: Server;
let endpoint: string;
let seen: Seen[];
/** Answers one request; `checksums` is what the bucket "holds" (key -> base64 SHA-256). */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}
let respond: (request: Seen, checksums: Map<string, string>) => Answer;
const checksums = new Map<string, string>();

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const entry: Seen = {
        method: request.method ?? '',
        key: decodeURIComponent(url.pathname.replace(/^\/bucket\//, '')),
        headers: request.headers,
      };
      seen.push(entry);
      const answer = respond(entry, checksums);
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

let workspace: Awaited<ReturnType<typeof scratchWorkspace>>;
let client: S3Client;
beforeEach(async () => {
  seen = [];
  checksums.clear();
  workspace = await scratchWorkspace();
  client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const built = await mkdtemp(join(tmpdir(), 'release-built-'));
  await writeFile(join(built, 'handler.mjs'), 'export const handler = async () => ({ ok: true });\n');
  await installBuildOutput(workspace.root, 'tiny-app', built);
  await rm(built, { recursive: true });
  await packageApp({ workspaceRoot: workspace.root, app: 'tiny-app', ref: sha('c') });
});
afterEach(async () => {
  client.destroy();
  await workspace.remove();
});

const preconditionFailed = {
  status: 412,
  headers: { 'content-type': 'application/xml' },
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
};
const publish = () =>
  publishRelease({ client, bucket: 'bucket', ref: sha('c'), artifactsDir: artifactsDir(workspace.root) });

describe('publish against S3 semantics the emulator lacks', () => {
  it('writes with If-None-Match and the content SHA-256, and skips a key a concurrent publisher filled with the same bytes', async () => {
    let raced = false;
    respond = (request, held): Answer => {
      if (request.method === 'PUT') {
        expect(request.headers['if-none-match']).toBe('*');
        // The other publisher wrote exactly these bytes a moment earlier.
        held.set(request.key, String(request.headers['x-amz-checksum-sha256']));
        raced = true;
        return preconditionFailed;
      }
      const checksum = held.get(request.key);
      if (request.method === 'HEAD' && raced && checksum !== undefined) {
        expect(request.headers['x-amz-checksum-mode']).toBe('ENABLED');
        return {
          status: 200,
          headers: { 'x-amz-checksum-sha256': checksum, 'x-amz-checksum-type': 'FULL_OBJECT' },
        };
      }
      return { status: 404 };
    };
    const result = await publish();
    expect(result.uploaded).toEqual([]);
    expect(result.skipped.sort()).toEqual([
      `manifests/${sha('c')}.json`,
      `tiny-app/${sha('c')}.zip`,
      `tiny-app/${sha('c')}.zip.sha256`,
    ]);
    expect(seen.some((r) => r.method === 'GET')).toBe(false);
  });

  it('refuses when the concurrent publisher wrote different bytes', async () => {
    respond = (request): Answer => {
      if (request.method === 'PUT') return preconditionFailed;
      const other = Buffer.alloc(32, 1).toString('base64');
      return seen.some((r) => r.method === 'PUT' && r.key === request.key)
        ? { status: 200, headers: { 'x-amz-checksum-sha256': other } }
        : { status: 404 };
    };
    const attempt = publish();
    await expect(attempt).rejects.toBeInstanceOf(ArtifactConflictError);
    await expect(attempt).rejects.toThrow(`already holds different content under tiny-app/${sha('c')}.zip`);
  });

  it('trusts the checksum S3 keeps instead of downloading objects that are already there', async () => {
    respond = (request, held): Answer => {
      if (request.method === 'HEAD') {
        const checksum = held.get(request.key);
        return checksum === undefined
          ? { status: 404 }
          : { status: 200, headers: { 'x-amz-checksum-sha256': checksum } };
      }
      if (request.method === 'PUT') {
        held.set(request.key, String(request.headers['x-amz-checksum-sha256']));
        return { status: 200, headers: { etag: '"0"' } };
      }
      return { status: 500 };
    };
    expect((await publish()).uploaded).toHaveLength(3);
    seen = [];
    expect((await publish()).skipped).toHaveLength(3);
    expect(seen.map((r) => r.method)).toEqual(['HEAD', 'HEAD', 'HEAD']);
  });
});
