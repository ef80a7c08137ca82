// Writes libs/contracts/schemas/<$id> (plain JSON for callers in other languages), the precompiled validators in
// src/generated/, and every API's reference under docs/api/. Run with `npx nx run contracts:generate` after
// changing a schema.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportedSchemas } from '../src/exported.js';
import { API_DOCUMENTS, apiDocsIndexHtml, apiDocumentFiles } from './api-docs.js';
import { generateValidatorsDeclarations, generateValidatorsSource } from './validators.js';

const root = join(import.meta.dirname, '..');
for (const schema of exportedSchemas) {
  writeFileSync(join(root, 'schemas', schema.$id), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${schema.$id}`);
}
mkdirSync(join(root, 'src', 'generated'), { recursive: true });
writeFileSync(join(root, 'src', 'generated', 'validators.cjs'), generateValidatorsSource());
writeFileSync(join(root, 'src', 'generated', 'validators.d.cts'), generateValidatorsDeclarations());
console.log('wrote src/generated/validators.cjs');

// Every API's reference in one layout: docs/api/<name>.openapi.json, its page <name>.html, and index.html.
const docs = join(root, '..', '..', 'docs', 'api');
mkdirSync(docs, { recursive: true });
for (const api of API_DOCUMENTS) {
  for (const [file, text] of Object.entries(apiDocumentFiles(api))) writeFileSync(join(docs, file), text);
  console.log(`wrote docs/api/${api.name}.openapi.json and ${api.name}.html`);
}
writeFileSync(join(docs, 'index.html'), apiDocsIndexHtml());
console.log('wrote docs/api/index.html');
