import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TERRAFORM_DIR, loadModule, type TfModule } from '../lib/hcl.js';

// The compute root reads the data root's outputs from its state (terraform_remote_state): what it reads must be an
// output of each environment's data root, which passes on stacks/data's. A missing one fails the compute plan.
const ENVIRONMENTS = ['sandbox', 'test', 'beta', 'prod'];
let data: TfModule;
let environments: Record<string, TfModule>;

beforeAll(async () => {
  data = await loadModule(join(TERRAFORM_DIR, 'stacks', 'data'));
  environments = Object.fromEntries(
    await Promise.all(
      ENVIRONMENTS.map(async (env) => [
        env,
        await loadModule(join(TERRAFORM_DIR, 'environments', env, 'data')),
      ]),
    ),
  );
});

describe("the data roots' outputs", () => {
  it('include every output of stacks/data the compute stack reads, passed on as it is', () => {
    const compute = ['main.tf', 'outputs.tf']
      .map((file) => readFileSync(join(TERRAFORM_DIR, 'stacks', 'compute', file), 'utf8'))
      .join('\n');
    const read = [...new Set([...compute.matchAll(/local\.data\.([a-z_]+)/g)].map((m) => m[1]!))].sort();
    expect(read.length).toBeGreaterThan(10);
    for (const name of read)
      expect(Object.keys(data.outputs), `stacks/data has no output ${name}`).toContain(name);
    for (const env of ENVIRONMENTS) {
      const outputs = environments[env]!.outputs;
      for (const name of read) {
        expect(outputs[name]?.['value'], `environments/${env}/data passes on ${name}`).toBe(
          `\${module.data.${name}}`,
        );
      }
    }
  });
});
