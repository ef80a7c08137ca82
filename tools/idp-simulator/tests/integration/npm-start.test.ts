import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findWorkspaceRoot } from '@backend/local-cloud';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url)));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
});

/** Runs `npm start`'s entry point as a person would, until it prints that it is ready. */
async function npmStart(): Promise<{ output: () => string }> {
  child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-cloud/src/cli.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json' },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output}`)), 25_000);
    child!.stdout!.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child!.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { output: () => output };
}

describe('npm start', () => {
  it('starts the IDP simulator against its own edge endpoint, and stops it on Ctrl-C', async () => {
    const { output } = await npmStart();
    const url = /IDP simulator: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(output())?.[1];
    expect(url, output()).toBeDefined();

    // A job through the simulator reaches the local cloud that npm start started, and its callback comes back.
    const response = await fetch(`${url}/api/jobs/address`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        applicant_pii: {
          uuid: 'npm-start-1',
          first_name: 'Fakey',
          last_name: 'McFakerson',
          dob: '1938-10-06',
          ssn: '900-12-3456',
          phone: '202-555-1212',
        },
      }),
    });
    expect(response.status).toBe(202);
    const { status_url } = (await response.json()) as { status_url: string };
    let state: { status: string; result?: unknown } = { status: 'pending' };
    for (let i = 0; i < 150 && state.status === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = (await (await fetch(`${url}${status_url}`)).json()) as typeof state;
    }
    expect(state).toMatchObject({ status: 'received', result: { address_result: { success: true } } });
    // The simulator's log line reaches this process's pipe a moment after the result is stored.
    const delivered = /\[idp-simulator\] POST \/api\/proofing_results\/address\/[0-9a-f-]+ 200/;
    for (let i = 0; i < 50 && !delivered.test(output()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output()).toMatch(delivered);

    const exitCode = await new Promise<number | null>((resolve) => {
      child!.once('exit', resolve);
      child!.kill('SIGINT');
    });
    expect(exitCode).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
