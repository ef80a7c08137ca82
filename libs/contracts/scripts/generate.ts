// Writes libs/contracts/schemas/<$id> (plain JSON for callers in other languages) and the precompiled
// validators in src/generated/. Run with `npx nx run contracts:generate` after changing a schema.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountsOpenApi } from '../src/accounts/routes.js';
import { exportedSchemas } from '../src/exported.js';
import { messagesOpenApi } from '../src/messages/openapi.js';
import { renderOpenApiHtml } from './openapi-html.js';
import { licensingOpenApi } from '../src/licensing/openapi.js';
import { generateValidatorsDeclarations, generateValidatorsSource } from './validators.js';

const root = join(import.meta.dirname, '..');
for (const schema of exportedSchemas) {
  writeFileSync(join(root, 'schemas', schema.$id), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${schema.$id}`);
}
// The OpenAPI documents, built from the same schemas.
writeFileSync(
  join(root, 'schemas', 'licensing.openapi.json'),
  `${JSON.stringify(licensingOpenApi, null, 2)}\n`,
);
console.log('wrote schemas/licensing.openapi.json');
mkdirSync(join(root, 'src', 'generated'), { recursive: true });
writeFileSync(join(root, 'src', 'generated', 'validators.cjs'), generateValidatorsSource());
writeFileSync(join(root, 'src', 'generated', 'validators.d.cts'), generateValidatorsDeclarations());
console.log('wrote src/generated/validators.cjs');

// The messages API's reference: the OpenAPI document and its HTML page, served locally under /docs/messages/.
const openapi = join(root, 'openapi', 'messages');
mkdirSync(openapi, { recursive: true });
writeFileSync(join(openapi, 'openapi.json'), `${JSON.stringify(messagesOpenApi, null, 2)}\n`);
writeFileSync(join(openapi, 'index.html'), renderOpenApiHtml(messagesOpenApi));
console.log('wrote openapi/messages/openapi.json and index.html');
mkdirSync(join(root, 'openapi'), { recursive: true });
writeFileSync(join(root, 'openapi', 'accounts.json'), `${JSON.stringify(accountsOpenApi(), null, 2)}\n`);
console.log('wrote openapi/accounts.json');
