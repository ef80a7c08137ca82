import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandForEach } from '@backend/testing';
import { parse } from '@cdktf/hcl2json';

/** The repository root and the terraform/ directory, wherever vitest is started from. */
export const TERRAFORM_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const REPO_ROOT = resolve(TERRAFORM_DIR, '..');
export const FIXTURES_DIR = join(TERRAFORM_DIR, 'tests', 'fixtures');

/** An HCL body as @cdktf/hcl2json returns it: attributes as values, nested blocks as arrays. */
export type Body = Record<string, unknown>;

/** One `resource` or `data` block. */
export interface Block {
  type: string;
  name: string;
  body: Body;
  file: string;
}

/** One `module` call. */
export interface ModuleCall {
  name: string;
  body: Body;
  file: string;
  /** The called module's directory, resolved against the caller's. */
  sourceDir: string;
}

/** Every `.tf` file of one directory (a Terraform module), parsed and merged. */
export interface TfModule {
  dir: string;
  /** Path relative to the repository root, for messages. */
  path: string;
  files: Record<string, string>;
  resources: Block[];
  data: Block[];
  /** Module calls, a call with for_each as one call per key (see expandForEach). */
  modules: ModuleCall[];
  /** `moved` blocks: `from` and `to` as hcl2json gives them (`${module.a}`). */
  moved: (Body & { file: string })[];
  variables: Record<string, Body>;
  outputs: Record<string, Body>;
  locals: Body;
  terraform: Body[];
  providers: Record<string, Body[]>;
}

/** Thrown when a .tf file does not parse; the message names the file. */
export class HclParseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HclParseError';
  }
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const bodies = (value: unknown): Body[] => (Array.isArray(value) ? value.map(asRecord) : []);

/** Parses and merges every `.tf` file directly in `dir`. */
export async function loadModule(dir: string): Promise<TfModule> {
  const module: TfModule = {
    dir,
    path: relative(REPO_ROOT, dir),
    files: {},
    resources: [],
    data: [],
    modules: [],
    moved: [],
    variables: {},
    outputs: {},
    locals: {},
    terraform: [],
    providers: {},
  };
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.tf'))
    .sort();
  for (const name of names) {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    module.files[name] = text;
    let json: Record<string, unknown>;
    try {
      json = (await parse(file, text)) as Record<string, unknown>;
    } catch (error) {
      throw new HclParseError(`${relative(REPO_ROOT, file)} does not parse as HCL`, { cause: error });
    }
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(asRecord(json[kind]))) {
        for (const [blockName, list] of Object.entries(asRecord(byName))) {
          for (const body of bodies(list)) {
            const block = { type, name: blockName, body, file: name };
            (kind === 'resource' ? module.resources : module.data).push(block);
          }
        }
      }
    }
    for (const [callName, list] of Object.entries(asRecord(json.module))) {
      for (const body of bodies(list)) {
        const source = typeof body.source === 'string' ? body.source : '';
        module.modules.push({ name: callName, body, file: name, sourceDir: resolve(dir, source) });
      }
    }
    for (const moved of bodies(json.moved)) module.moved.push({ ...moved, file: name });
    for (const [varName, list] of Object.entries(asRecord(json.variable))) {
      module.variables[varName] = bodies(list)[0] ?? {};
    }
    for (const [outName, list] of Object.entries(asRecord(json.output))) {
      module.outputs[outName] = bodies(list)[0] ?? {};
    }
    for (const locals of bodies(json.locals)) Object.assign(module.locals, locals);
    module.terraform.push(...bodies(json.terraform));
    for (const [provider, list] of Object.entries(asRecord(json.provider))) {
      (module.providers[provider] ??= []).push(...bodies(list));
    }
  }
  // A call with for_each over a local object is read as one call per key, named by its state address
  // (`functions["proof-address"]`), so every check reads it as it reads a single block.
  module.modules = module.modules.flatMap((call) =>
    expandForEach(call.name, call.body, module.locals).map(({ name, body }) => ({ ...call, name, body })),
  );
  return module;
}

/** Every directory under `root` that holds at least one `.tf` file, `tests/` and `.terraform/` excluded. */
export function moduleDirs(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir);
    if (entries.some((name) => name.endsWith('.tf'))) found.push(dir);
    for (const name of entries) {
      const path = join(dir, name);
      if (name === '.terraform' || name === 'node_modules' || path === join(TERRAFORM_DIR, 'tests')) continue;
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return found.sort();
}

/** Loads every module directory under `root`. */
export async function loadTree(root: string): Promise<TfModule[]> {
  return Promise.all(moduleDirs(root).map((dir) => loadModule(dir)));
}

/** The first nested block of that name in a body (hcl2json gives blocks as arrays), or undefined. */
export function block(body: Body, name: string): Body | undefined {
  return bodies(body[name])[0];
}

/** All nested blocks of that name in a body. */
export function blocks(body: Body, name: string): Body[] {
  return bodies(body[name]);
}

/** A fixture directory under terraform/tests/fixtures. */
export function fixture(name: string): string {
  const dir = join(FIXTURES_DIR, name);
  if (!existsSync(dir)) throw new Error(`no fixture ${name}`);
  return dir;
}
