import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_ENVIRONMENT, callbackTokenParameterName } from '@backend/contracts';
import { findWorkspaceRoot } from '../../src/index.js';

const ROOT = findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url)));
// As `npm start` runs it: tsx resolving the workspace aliases from tsconfig.base.json.
const CLI_ENV = { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json' };
let dataDir: string | undefined;
// Every CLI this file starts, so that a failing test cannot leave one running after the run.
const children = new Set<ChildProcess>();

interface Started {
  child: ChildProcess;
  output: () => string;
  endpoint: string;
}

/** Runs `npm start`'s entry point as a person would, and waits for the endpoints to be printed. */
async function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-cloud/src/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: CLI_ENV,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    // Generous: a first start bundles every function of the workspace (ten today) when the bundle cache is cold.
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  const endpoint = /AWS_ENDPOINT_URL\): (\S+)/.exec(output)![1]!;
  return { child, output: () => output, endpoint };
}

function interrupt(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

async function tokenOf(endpoint: string): Promise<string | undefined> {
  const ssm = new SSMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const { Parameter } = await ssm.send(
    new GetParameterCommand({
      Name: callbackTokenParameterName(LOCAL_ENVIRONMENT, 'address'),
      WithDecryption: true,
    }),
  );
  ssm.destroy();
  return Parameter?.Value;
}

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start (tools/local-cloud/src/cli.ts)', () => {
  it(
    'prints the endpoints, stops on Ctrl-C, and keeps state in --data across restarts',
    { timeout: 150_000 },
    async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'local-cloud-data-'));
      const first = await startCli(['--data', dataDir]);
      // How long start-up takes is measured by `npm run bench` (local-cloud suite), not asserted here.
      expect(first.output()).toMatch(/Local cloud ready in \d+ ms/);
      // Never silent while it works: the first line comes before the emulators and the bundles are ready.
      expect(first.output()).toMatch(/^Starting the local cloud\.\.\.\n[\s\S]*Local cloud ready in/m);
      expect(first.output()).toMatch(/HTTP API base URL: +http:\/\/127\.0\.0\.1:\d+/);
      expect(first.output()).toMatch(/SES inbox: +http:\/\/127\.0\.0\.1:\d+\//);
      const token = await tokenOf(first.endpoint);
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      // Local development values are printed nowhere.
      expect(first.output()).not.toContain(token);
      expect(await interrupt(first.child)).toBe(0);

      const second = await startCli(['--data', dataDir]);
      expect(await tokenOf(second.endpoint)).toBe(token);
      expect(await interrupt(second.child)).toBe(0);
    },
  );

  it('rejects a bad option with a clear message', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tools/local-cloud/src/cli.ts', '--port', 'abc'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: CLI_ENV },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be a port number, not "abc"');
  });
});
