import { parse } from '@cdktf/hcl2json';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchApp } from './discover.js';
import type { StubResponses } from './stub.js';
import type { BuiltVariant } from './variants.js';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));
const CHILD_TIMEOUT_MS = 60_000;
const STUB_PLACEHOLDER = '{{STUB_URL}}';

/** What `apps/<app>/bench/event.ts` exports, with the stub's URL filled in. */
export interface Invocation {
  event: unknown;
  env: Record<string, string>;
  responses: StubResponses;
}

export interface Sample {
  loadMs: number;
  /** User plus system CPU time of the load, all threads. */
  loadCpuMs: number;
  invokeMs: number | null;
  /** User plus system CPU time of the first invoke, all threads (waiting for the stub excluded). */
  invokeCpuMs: number | null;
  /** The handler's result (truncated JSON), to check that every variant did the same thing. */
  outcome: string;
}

/**
 * Reads an app's bench module: `event` (required, the handler's first argument), `env` (the
 * function's environment variables) and `responses` (the stub's answers, see StubResponses).
 * The text `{{STUB_URL}}` anywhere in them becomes the stub's base URL.
 */
export async function loadInvocation(app: BenchApp, stubUrl: string): Promise<Invocation | undefined> {
  if (app.benchFile === undefined) return undefined;
  const exported = (await import(app.benchFile)) as Record<string, unknown>;
  if (!('event' in exported))
    throw new Error(`${app.benchFile} must export the handler's first argument as "event"`);
  const env = exported['env'] ?? {};
  if (typeof env !== 'object' || env === null || Object.values(env).some((v) => typeof v !== 'string')) {
    throw new Error(`${app.benchFile}: "env" must be an object of strings`);
  }
  const fill = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replaceAll(STUB_PLACEHOLDER, stubUrl)) as T;
  return {
    event: fill(exported['event']),
    env: fill(env as Record<string, string>),
    responses: fill((exported['responses'] ?? {}) as StubResponses),
  };
}

/**
 * The variables terraform/modules/function gives every function (`locals.runtime_environment`, e.g.
 * NODE_OPTIONS=--enable-source-maps), with `var.app` and `var.log_level` (its default) filled in, so
 * that the benchmark loads each function the way Lambda does.
 */
export async function terraformRuntimeEnvironment(
  workspaceRoot: string,
  app: string,
): Promise<Record<string, string>> {
  const moduleDir = join(workspaceRoot, 'terraform', 'modules', 'function');
  const hcl = async (file: string): Promise<Record<string, unknown>> =>
    (await parse(file, await readFile(join(moduleDir, file), 'utf8'))) as Record<string, unknown>;
  const locals = ((await hcl('main.tf'))['locals'] ?? []) as Record<string, unknown>[];
  const runtime = locals.find((block) => 'runtime_environment' in block)?.['runtime_environment'];
  if (typeof runtime !== 'object' || runtime === null) {
    throw new Error(`${moduleDir}/main.tf has no locals.runtime_environment`);
  }
  const variables = ((await hcl('variables.tf'))['variable'] ?? {}) as Record<
    string,
    [{ default?: unknown }]
  >;
  const vars: Record<string, unknown> = { app, log_level: variables['log_level']?.[0]?.default };
  return Object.fromEntries(
    Object.entries(runtime).map(([name, value]) => [
      name,
      String(value).replace(/\$\{var\.(\w+)\}/g, (expression, variable: string) => {
        const filled = vars[variable];
        if (typeof filled !== 'string')
          throw new Error(`runtime_environment.${name}: cannot fill ${expression}`);
        return filled;
      }),
    ]),
  );
}

/**
 * The environment of a measured function: Lambda's own variables, Terraform's runtime environment,
 * then the app's bench env (which wins, as the function's own environment wins in Terraform), AWS
 * pointed at the stub, nothing inherited from this process but PATH.
 */
export function functionEnvironment(
  app: string,
  stubUrl: string,
  extra: Record<string, string>,
  runtime: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    TZ: 'UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL: stubUrl,
    AWS_LAMBDA_FUNCTION_NAME: app,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    ...runtime,
    ...extra,
  };
}

/** Writes the event for the child process and returns the file's path. */
export async function writeInvocationFile(dir: string, app: string, invocation: Invocation): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${app}.json`);
  await writeFile(path, JSON.stringify({ event: invocation.event, functionName: app }));
  return path;
}

/** One fresh Node process: load the variant's handler and, with an invocation file, invoke it once. */
export function measureOnce(
  built: BuiltVariant,
  env: NodeJS.ProcessEnv,
  invocationFile: string | undefined,
): Promise<Sample> {
  const args = [
    CHILD,
    built.entry,
    built.variant.format,
    ...(invocationFile === undefined ? [] : [invocationFile]),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let result = '';
    let output = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (result += chunk.toString()));
    // The function's own logs; kept only to explain a failure.
    child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 || result === '') {
        reject(
          new Error(
            `${built.variant.id} of ${built.app} failed in its child process (exit ${code ?? signal}):\n${output.trim()}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(result) as Sample);
    });
  });
}

/** Rotates `items` by `by` places, so each variant takes each position in turn across runs. */
export const rotate = <T>(items: readonly T[], by: number): T[] => {
  const shift = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
};
