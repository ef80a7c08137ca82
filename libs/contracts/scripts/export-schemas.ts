// Writes every exported schema to libs/contracts/schemas/<$id> as formatted JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportedSchemas } from '../src/index.js';

const dir = join(import.meta.dirname, '..', 'schemas');
for (const schema of exportedSchemas) {
  writeFileSync(join(dir, schema.$id), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${schema.$id}`);
}
