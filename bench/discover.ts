import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';

/** A function to measure: an Nx app (or, with --project, any directory laid out like one). */
export interface BenchApp {
  name: string;
  /** Relative to the workspace root, e.g. `apps/proof-address`. */
  projectRoot: string;
  /** `<projectRoot>/bench/event.ts` when the app provides one; without it only loading is measured. */
  benchFile?: string;
}

const describe = (workspaceRoot: string, dir: string, name: string): BenchApp => {
  const projectRoot = relative(workspaceRoot, dir);
  const benchFile = join(dir, 'bench', 'event.ts');
  return { name, projectRoot, ...(existsSync(benchFile) ? { benchFile } : {}) };
};

/** Every directory under `apps/` whose project.json is tagged `type:app`, sorted by name. */
export async function discoverApps(workspaceRoot: string): Promise<BenchApp[]> {
  const appsDir = join(workspaceRoot, 'apps');
  const entries = existsSync(appsDir) ? await readdir(appsDir, { withFileTypes: true }) : [];
  const apps: BenchApp[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const projectFile = join(appsDir, entry.name, 'project.json');
    if (!existsSync(projectFile)) continue;
    const project = JSON.parse(await readFile(projectFile, 'utf8')) as { name?: string; tags?: string[] };
    if (!project.tags?.includes('type:app')) continue;
    apps.push(describe(workspaceRoot, join(appsDir, entry.name), project.name ?? entry.name));
  }
  return apps;
}

/** A directory named on the command line (for example the release tool's fixture app). */
export function explicitApp(workspaceRoot: string, dir: string): BenchApp {
  if (!existsSync(join(dir, 'src', 'handler.ts'))) {
    throw new Error(`${dir} has no src/handler.ts, so it is not laid out like an app`);
  }
  return describe(workspaceRoot, dir, basename(dir));
}
