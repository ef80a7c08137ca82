import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiKeyStore, InvalidApiKeyError, apiKeysTable, messagesService } from '@backend/messages';
import { createDocumentClient } from '@backend/persistence';
import { findWorkspaceRoot } from '@backend/local-cloud';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';

let cloud: TestLocalCloud;
let client: DynamoDBDocumentClient;
let keys: ApiKeyStore;

beforeAll(async () => {
  // The service's tables only: the tool needs no function.
  cloud = await startLocalCloud({ services: [{ ...messagesService, functions: [] }] });
  client = createDocumentClient(cloud.clientConfig);
  keys = new ApiKeyStore({ client, tableName: apiKeysTable });
});

afterAll(async () => {
  client?.destroy();
  await cloud?.stop();
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    createClient: () => createDocumentClient(cloud.clientConfig),
  });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('messages-keys against the local cloud', () => {
  it('creates a key, printed once, that the API accepts; lists it without the key; revokes it', async () => {
    const created = await run(
      'create',
      '--environment',
      'local',
      '--name',
      'newsletter',
      '--domain',
      'Example.com',
      '--recipient',
      '+12025550147',
      '--decrypt',
      '--rate',
      '30',
    );
    expect(created.status).toBe(0);
    const apiKey = /^(msgk_[A-Za-z0-9_-]{43})$/m.exec(created.out)?.[1];
    const keyId = /Created key ([0-9a-f]{16})/.exec(created.out)?.[1];
    expect(apiKey).toBeDefined();
    expect(await keys.authenticate(apiKey)).toMatchObject({
      key_id: keyId,
      name: 'newsletter',
      domains: ['example.com'],
      recipients: ['+12025550147'],
      can_decrypt: true,
      rate_limit_per_minute: 30,
    });

    const listed = await run('list', '--environment', 'local');
    expect(listed.out).toContain(
      `${keyId}  newsletter  active  30/min  decrypt  +12025550147, *@example.com`,
    );
    expect(listed.out).not.toContain(apiKey);
    expect(listed.out).not.toContain('key_hash');

    expect((await run('revoke', '--environment', 'local', '--key-id', keyId!)).status).toBe(0);
    await expect(keys.authenticate(apiKey)).rejects.toBeInstanceOf(InvalidApiKeyError);
    expect((await run('list', '--environment', 'local')).out).toMatch(
      new RegExp(`${keyId}  newsletter  revoked `),
    );
  });

  it.each([
    [['create', '--environment', 'local'], 2, 'create needs --name'],
    [['create', '--environment', 'local', '--name', 'x'], 2, 'a key needs at least one recipient or domain'],
    [
      ['create', '--environment', 'local', '--name', 'x', '--recipient', '555-0147'],
      2,
      'each recipient must be',
    ],
    [
      ['create', '--environment', 'local', '--name', 'x', '--domain', 'ab.cd', '--rate', '0'],
      2,
      'the rate limit must be',
    ],
    [['list'], 2, '--environment must be one of'],
    [['list', '--environment', 'local', '--name', 'x'], 2, 'list does not take --name'],
    [['revoke', '--environment', 'local', '--key-id', 'nope'], 2, 'revoke needs --key-id'],
    [
      ['revoke', '--environment', 'local', '--key-id', '0123456789abcdef'],
      1,
      'No key has the id 0123456789abcdef',
    ],
    [['rotate', '--environment', 'local'], 2, 'Unknown command rotate'],
  ])('%j exits %i saying what is wrong', async (argv, status, message) => {
    const result = await run(...argv);
    expect(result.status).toBe(status);
    expect(result.err).toContain(message);
  });

  it('runs as a command with AWS_ENDPOINT_URL, as the README shows', async () => {
    const root = findWorkspaceRoot();
    const { stdout } = await promisify(execFile)(
      'npx',
      [
        'tsx',
        '--tsconfig',
        'tsconfig.base.json',
        'tools/messages-keys/src/cli.ts',
        'create',
        '--environment',
        'local',
        '--name',
        'cli',
        '--domain',
        'example.org',
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: cloud.endpoint,
          AWS_REGION: cloud.region,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
      },
    );
    const apiKey = /^(msgk_\S{43})$/m.exec(stdout)?.[1];
    expect((await keys.authenticate(apiKey)).name).toBe('cli');
  });
});
