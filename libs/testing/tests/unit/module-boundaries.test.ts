/**
 * The workspace's Nx tags and the `@nx/enforce-module-boundaries` rule of eslint.config.mjs: every project has one
 * `type:*` and one `scope:*` tag, every service scope has its constraint, and ESLint refuses an import across
 * scopes. Lints source text under real project paths (nothing is written), with the workspace's own config.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));

interface Project {
  name: string;
  root: string;
  tags: string[];
}

const projects: Project[] = ['apps', 'libs', 'tools', '.']
  .flatMap((group) =>
    group === '.' ? ['bench', 'terraform'] : readdirSync(join(ROOT, group)).map((name) => join(group, name)),
  )
  .filter((root) => existsSync(join(ROOT, root, 'project.json')))
  .map((root) => {
    const { name, tags = [] } = JSON.parse(readFileSync(join(ROOT, root, 'project.json'), 'utf8')) as {
      name: string;
      tags?: string[];
    };
    return { name, root, tags };
  });

const lint = async (filePath: string, code: string): Promise<string[]> => {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return result!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
};

describe('Nx tags', () => {
  it('gives every project one type:* and one scope:* tag of a known scope', async () => {
    const { SERVICE_SCOPES } = (await import(join(ROOT, 'eslint.config.mjs'))) as {
      SERVICE_SCOPES: string[];
    };
    const scopes = ['shared', 'tools', ...SERVICE_SCOPES].map((s) => `scope:${s}`);
    expect(projects.length).toBeGreaterThan(10);
    for (const project of projects) {
      expect(
        project.tags.filter((t) => t.startsWith('type:')),
        project.name,
      ).toHaveLength(1);
      const scope = project.tags.filter((t) => t.startsWith('scope:'));
      expect(scope, project.name).toHaveLength(1);
      expect(scopes, `${project.name}: ${scope[0]} has no constraint in eslint.config.mjs`).toContain(
        scope[0],
      );
    }
  });

  it('puts the proofing lib and its four apps in scope:proofing, the foundation libs in scope:shared', () => {
    const scopeOf = (name: string) =>
      projects.find((p) => p.name === name)?.tags.find((t) => t.startsWith('scope:'));
    for (const name of [
      'proofing',
      'proof-address',
      'proof-resolution',
      'proof-document',
      'proofing-failure',
    ])
      expect(scopeOf(name), name).toBe('scope:proofing');
    for (const name of ['platform', 'contracts', 'crypto', 'persistence', 'testing', 'vendors'])
      expect(scopeOf(name), name).toBe('scope:shared');
  });
});

describe('enforce-module-boundaries', () => {
  // The rule reads Nx's cached project graph: bring it up to date with the tags of the project.json files.
  beforeAll(() => createProjectGraphAsync({ exitOnError: false }), 60_000);

  it('refuses a shared lib importing a service lib', async () => {
    const messages = await lint(
      'libs/persistence/src/boundary-probe.ts',
      "import { JOB_TYPES } from '@backend/proofing';\nexport const probe = JOB_TYPES;\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/tagged with "scope:shared" can only depend on libs tagged with "scope:shared"/),
    ]);
  });

  it('lets a service app import its own lib and the shared libs', async () => {
    const messages = await lint(
      'apps/proof-address/src/boundary-probe.ts',
      "import { addressJob } from '@backend/proofing';\nimport { httpHandler } from '@backend/platform';\nexport const probe = [addressJob, httpHandler];\n",
    );
    expect(messages).toEqual([]);
  });

  it('keeps the older rules: a lib never imports test helpers outside its tests', async () => {
    const messages = await lint(
      'libs/crypto/src/boundary-probe.ts',
      "import { startLocalCloud } from '@backend/testing';\nexport const probe = startLocalCloud;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/can only depend on libs tagged with/)]);
  });
});
