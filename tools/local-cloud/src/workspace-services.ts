import type { ServiceDeclaration } from '@backend/contracts';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeclarationError } from './errors.js';

/** The workspace's registry of services, relative to the workspace root: one list of every service's declaration. */
export const WORKSPACE_SERVICES_MODULE = 'tools/services/src/index.ts';

/**
 * Every service of the workspace, read from its registry. Loaded by path, not imported: the registry imports
 * each service's lib (`scope:<service>`), which the local cloud (`scope:shared`) must not depend on, and the
 * local cloud knows no service by name. Needs the workspace's import aliases (tsx with tsconfig.base.json, or vitest).
 */
export async function loadWorkspaceServices(workspaceRoot: string): Promise<readonly ServiceDeclaration[]> {
  const registry = (await import(pathToFileURL(join(workspaceRoot, WORKSPACE_SERVICES_MODULE)).href)) as {
    SERVICES?: readonly ServiceDeclaration[];
  };
  if (!Array.isArray(registry.SERVICES))
    throw new DeclarationError(`${WORKSPACE_SERVICES_MODULE} exports no SERVICES list`);
  return registry.SERVICES;
}
