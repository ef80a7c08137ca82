import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './hcl.js';
import type { ConfigSchema } from './checks.js';

const APPS_DIR = join(REPO_ROOT, 'apps');

/** Nx apps under apps/: directories whose project.json carries the type:app tag. */
export function listApps(appsDir = APPS_DIR): string[] {
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir)
    .filter((name) => existsSync(join(appsDir, name, 'project.json')))
    .filter((name) => {
      const project = JSON.parse(readFileSync(join(appsDir, name, 'project.json'), 'utf8')) as {
        tags?: string[];
      };
      return project.tags?.includes('type:app') === true;
    })
    .sort();
}

/**
 * The app's configSchema from apps/<app>/src/config.ts. A dynamic import of the file path: a static
 * import across projects would break the module boundaries.
 */
export async function loadConfigSchema(app: string, appsDir = APPS_DIR): Promise<ConfigSchema> {
  const file = join(appsDir, app, 'src', 'config.ts');
  if (!existsSync(file))
    throw new Error(`apps/${app}/src/config.ts is missing: every app exports configSchema from it`);
  const module = (await import(pathToFileURL(file).href)) as { configSchema?: ConfigSchema };
  const schema = module.configSchema;
  if (typeof schema?.properties !== 'object') {
    throw new Error(
      `apps/${app}/src/config.ts must export configSchema, a JSON Schema object with properties`,
    );
  }
  return schema;
}
