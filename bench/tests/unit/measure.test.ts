import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverApps, explicitApp } from '../../discover.js';
import {
  functionEnvironment,
  loadInvocation,
  measureOnce,
  rotate,
  terraformRuntimeEnvironment,
  writeInvocationFile,
} from '../../measure.js';
import { startStub, type Stub, type StubResponses } from '../../stub.js';
import { VARIANTS, type BuiltVariant, type Variant } from '../../variants.js';

const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const [ESM, CJS] = VARIANTS as [Variant, Variant, Variant];

let dir: string;
let stub: Stub;
let responses: StubResponses = {};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-test-'));
  stub = await startStub(() => responses);
});
afterAll(async () => {
  await stub.close();
  await rm(dir, { recursive: true, force: true });
});

const variant = (entry: string, v: Variant): BuiltVariant => ({
  app: 'tiny',
  variant: v,
  entry,
  zipBytes: 1,
});

describe('measureOnce', () => {
  it('loads an ES module and a CommonJS module in fresh processes and invokes them against the stub', async () => {
    responses = { 'POST /callback': { body: { accepted: true } } };
    await writeFile(
      join(dir, 'handler.mjs'),
      `export const handler = async (event) => {
        const answer = await fetch(process.env.CALLBACK_URL, { method: 'POST', body: '{}' });
        return { double: event.n * 2, callback: await answer.json() };
      };`,
    );
    await writeFile(
      join(dir, 'handler.cjs'),
      'exports.handler = async (event, context) => ({ double: event.n * 2, name: context.functionName });',
    );
    const invocation = await writeInvocationFile(join(dir, 'invocations'), 'tiny', {
      event: { n: 21 },
      env: {},
      responses,
    });
    const env = functionEnvironment('tiny', stub.url, { CALLBACK_URL: `${stub.url}/callback` });

    const esm = await measureOnce(variant(join(dir, 'handler.mjs'), ESM), env, invocation);
    expect(esm.outcome).toBe('{"double":42,"callback":{"accepted":true}}');
    expect(esm.loadMs).toBeGreaterThan(0);
    expect(esm.loadCpuMs).toBeGreaterThan(0);
    expect(esm.invokeMs).toBeGreaterThan(0);
    expect(esm.invokeCpuMs).toBeGreaterThan(0);
    expect(stub.requests).toContain('POST /callback');

    const cjs = await measureOnce(variant(join(dir, 'handler.cjs'), CJS), env, invocation);
    expect(cjs.outcome).toBe('{"double":42,"name":"tiny"}');

    const loadOnly = await measureOnce(variant(join(dir, 'handler.cjs'), CJS), env, undefined);
    expect(loadOnly).toMatchObject({ invokeMs: null, invokeCpuMs: null, outcome: 'not invoked' });
  });

  it('reports a module that fails to load with its error output', async () => {
    await writeFile(join(dir, 'broken.mjs'), "throw new Error('boom at import');");
    await expect(
      measureOnce(
        variant(join(dir, 'broken.mjs'), ESM),
        functionEnvironment('tiny', stub.url, {}),
        undefined,
      ),
    ).rejects.toThrow(/ours of tiny failed in its child process \(exit 1\):[\s\S]*boom at import/);
  });

  it("gives the function Terraform's runtime environment, its own variables winning", async () => {
    const runtime = await terraformRuntimeEnvironment(WORKSPACE_ROOT, 'proof-address');
    expect(runtime).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'proof-address',
      LOG_LEVEL: 'INFO',
    });
    const env = functionEnvironment('proof-address', 'http://127.0.0.1:1', { LOG_LEVEL: 'WARN' }, runtime);
    expect(env).toMatchObject({ NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'WARN' });
  });

  it('gives the function no environment of the parent beyond PATH', () => {
    const env = functionEnvironment('fn', 'http://127.0.0.1:1', { EXTRA: 'x' });
    expect(env['AWS_ENDPOINT_URL']).toBe('http://127.0.0.1:1');
    expect(env['EXTRA']).toBe('x');
    expect(env['NODE_OPTIONS']).toBeUndefined();
    expect(env['HOME']).toBeUndefined();
  });
});

describe('loadInvocation', () => {
  it("reads an app's bench/event.ts and fills in the stub's URL", async () => {
    const app = explicitApp(WORKSPACE_ROOT, join(WORKSPACE_ROOT, 'tools/release/tests/fixtures/fixture-app'));
    expect(app).toMatchObject({
      name: 'fixture-app',
      projectRoot: 'tools/release/tests/fixtures/fixture-app',
    });
    const invocation = await loadInvocation(app, 'http://127.0.0.1:9');
    expect(invocation?.event).toEqual({ parameterName: '/bench/fixture/parameter' });
    expect(invocation?.responses['AmazonSSM.GetParameter']).toBeDefined();

    await mkdir(join(dir, 'app', 'src'), { recursive: true });
    await mkdir(join(dir, 'app', 'bench'), { recursive: true });
    await writeFile(join(dir, 'app', 'src', 'handler.ts'), 'export const handler = async () => 1;');
    await writeFile(
      join(dir, 'app', 'bench', 'event.ts'),
      "export const event = { callback_url: '{{STUB_URL}}/cb' }; export const env = { API: '{{STUB_URL}}' };",
    );
    const filled = await loadInvocation(explicitApp(dir, join(dir, 'app')), 'http://127.0.0.1:9');
    expect(filled).toEqual({
      event: { callback_url: 'http://127.0.0.1:9/cb' },
      env: { API: 'http://127.0.0.1:9' },
      responses: {},
    });
  });
});

describe('discoverApps', () => {
  it('finds directories under apps/ whose project.json is tagged type:app', async () => {
    const root = join(dir, 'workspace');
    const project = async (name: string, tags: string[] | undefined): Promise<void> => {
      await mkdir(join(root, 'apps', name, 'src'), { recursive: true });
      if (tags !== undefined)
        await writeFile(join(root, 'apps', name, 'project.json'), JSON.stringify({ name, tags }));
    };
    await project('zeta', ['type:app']);
    await project('alpha', ['type:app']);
    await project('not-an-app', ['type:lib']);
    await project('no-project', undefined);
    await mkdir(join(root, 'apps', 'alpha', 'bench'));
    await writeFile(join(root, 'apps', 'alpha', 'bench', 'event.ts'), 'export const event = {};');
    expect(await discoverApps(root)).toEqual([
      {
        name: 'alpha',
        projectRoot: 'apps/alpha',
        benchFile: join(root, 'apps', 'alpha', 'bench', 'event.ts'),
      },
      { name: 'zeta', projectRoot: 'apps/zeta' },
    ]);
    expect(await discoverApps(join(dir, 'empty'))).toEqual([]);
  });
});

describe('rotate', () => {
  it('moves each item through every position across rounds', () => {
    expect([0, 1, 2, 3].map((round) => rotate(['a', 'b', 'c'], round).join(''))).toEqual([
      'abc',
      'bca',
      'cab',
      'abc',
    ]);
  });
});
