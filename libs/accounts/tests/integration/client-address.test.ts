import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@backend/persistence';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS, accountsService, rateLimitTableName } from '../../src/index.js';

// The per-IP budget through the local cloud's HTTP API, whose sourceIp is the TCP peer as in AWS. verify-user (the
// cheapest route: no hash, no mail) is deployed trusting 127.0.0.2 as a CloudFront edge; 127.0.0.1 is a stranger
// calling the API directly. Both are loopback addresses of this machine.
const EDGE = '127.0.0.2';
const STRANGER = '127.0.0.1';
const BUDGET = RATE_LIMITS.perIp.verifyUser.max;

let cloud: TestLocalCloud;

beforeAll(async () => {
  const verifyUser = accountsService.functions!.filter((fn) => fn.app === 'verify-user');
  cloud = await startLocalCloud({
    services: [
      {
        ...accountsService,
        functions: verifyUser.map((fn) => ({
          ...fn,
          environment: { ...fn.environment, TRUSTED_PROXY_CIDRS: `${EDGE}/32` },
        })),
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
});

let sent = 0;

/** POST /api/accounts/verify from `from` (a fresh unknown address each time: only the per-IP budget counts). */
function verify(from: string, viewer?: string): Promise<{ status: number; code?: string }> {
  const body = JSON.stringify({ email: `nobody.${++sent}.${Date.now()}@example.gov`, token: 'A'.repeat(43) });
  return new Promise((resolve, reject) => {
    const call = request(
      `${cloud.httpApiUrl}/api/accounts/verify`,
      {
        method: 'POST',
        localAddress: from,
        headers: {
          'content-type': 'application/json',
          ...(viewer === undefined ? {} : { 'cloudfront-viewer-address': viewer }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code: string } };
          resolve({ status: response.statusCode ?? 0, code: answer.error?.code });
        });
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/**
 * Runs `burst` within one fixed window of the per-IP limit: run again (once) if it happened to straddle two, since
 * the counts start over at the boundary. A burst takes a second or two; the window is a minute.
 */
async function inOneWindow<T>(burst: () => Promise<T>): Promise<T> {
  const window = () => Math.floor(Date.now() / 1000 / RATE_LIMITS.perIp.verifyUser.windowSeconds);
  const started = window();
  const result = await burst();
  return window() === started ? result : burst();
}

const refused = { status: 429, code: 'RATE_LIMITED' };
const admitted = { status: 400, code: 'INVALID_OR_EXPIRED_LINK' };

describe('the per-IP budget counts the client an edge names, and nobody else', { timeout: 60_000 }, () => {
  it('ignores a header forged by a direct caller: once its budget is spent, a new forged address each time is still refused', async () => {
    const forged = (i: number) => `198.51.100.${i}:443`;
    const answers = await inOneWindow(async () => {
      const spent = [];
      for (let i = 1; i <= BUDGET; i++) spent.push(await verify(STRANGER, forged(i)));
      const after = [];
      for (let i = BUDGET + 1; i <= BUDGET + 3; i++) after.push(await verify(STRANGER, forged(i)));
      // The edge's visitors are not held by what the stranger did.
      const visitor = await verify(EDGE, '203.0.113.5:50123');
      return { spent, after, visitor };
    });
    expect(answers.spent).toEqual(Array.from({ length: BUDGET }, () => admitted));
    expect(answers.after).toEqual([refused, refused, refused]);
    expect(answers.visitor).toEqual(admitted);

    // No counter was ever kept under a forged address.
    const client = createDocumentClient(cloud.clientConfig);
    const { Items = [] } = await client.send(new ScanCommand({ TableName: rateLimitTableName }));
    client.destroy();
    const keys = Items.map((item) => String(item['key']));
    const subject = (address: string) => createHash('sha256').update(address, 'utf8').digest('base64url');
    for (let i = 1; i <= BUDGET + 3; i++)
      expect(keys.some((key) => key.includes(subject(`198.51.100.${i}`)))).toBe(false);
    expect(keys.some((key) => key.includes(subject(STRANGER)))).toBe(true);
  });

  it('gives each viewer a trusted edge names its own budget, IPv4 or IPv6', async () => {
    const answers = await inOneWindow(async () => {
      const viewer = [];
      for (let i = 0; i <= BUDGET; i++) viewer.push(await verify(EDGE, `203.0.113.9:${40000 + i}`));
      const other = await verify(EDGE, '2001:db8::9:443');
      const edgeItself = await verify(EDGE);
      return { viewer, other, edgeItself };
    });
    expect(answers.viewer.slice(0, BUDGET)).toEqual(Array.from({ length: BUDGET }, () => admitted));
    expect(answers.viewer[BUDGET]).toEqual(refused);
    expect(answers.other).toEqual(admitted);
    // Without the header the edge is counted as itself, apart from the viewers it carried.
    expect(answers.edgeItself).toEqual(admitted);
  });
});
