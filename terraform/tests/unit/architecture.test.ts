import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TERRAFORM_DIR, loadTree, type TfModule } from '../lib/hcl.js';

/**
 * tools/release packages each function's native binaries for the instruction set function-architectures.json names;
 * Lambda runs it on the one Terraform deploys. A zip with an arm64 binary on an x86_64 function (or the reverse)
 * would fail to load, so the two must agree. Read as a file: this project may not import the release tool.
 */
const architectures = JSON.parse(
  readFileSync(join(REPO_ROOT, 'tools', 'release', 'function-architectures.json'), 'utf8'),
) as { default: string; apps: Record<string, string> };

const FUNCTION_MODULE = join(TERRAFORM_DIR, 'modules', 'function');

let tree: TfModule[];
beforeAll(async () => {
  tree = await loadTree(TERRAFORM_DIR);
});

describe('function architectures', () => {
  it("default to tools/release's default", () => {
    const module = tree.find((m) => m.dir === FUNCTION_MODULE);
    expect(module?.variables['architecture']?.['default']).toBe(architectures.default);
  });

  it('are, for every deployed app, the ones tools/release packages for', () => {
    const calls = tree.flatMap((m) =>
      m.modules
        .filter((call) => call.sourceDir === FUNCTION_MODULE)
        .map((call) => ({ at: `${m.path} ${call.name}`, ...call })),
    );
    expect(calls.length).toBeGreaterThan(0);
    const deployed = new Set<string>();
    for (const call of calls) {
      const app = call.body['app'];
      expect(typeof app, `${call.at}: app must be a literal or each.key`).toBe('string');
      deployed.add(app as string);
      const architecture = call.body['architecture'] ?? architectures.default;
      expect({ app, architecture }).toEqual({
        app,
        architecture: architectures.apps[app as string] ?? architectures.default,
      });
    }
    // An entry for an app no composition deploys is stale.
    for (const app of Object.keys(architectures.apps)) expect(deployed).toContain(app);
  });
});
