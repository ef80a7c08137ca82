import { accountsOpenApi } from '../src/accounts/routes.js';
import { licensingOpenApi } from '../src/licensing/openapi.js';
import { licensingPublicOpenApi } from '../src/licensing/public.js';
import { messagesOpenApi } from '../src/messages/openapi.js';
import { escapeHtml, renderOpenApiHtml } from './openapi-html.js';

// The APIs whose reference docs/api/ holds: one OpenAPI document and one page each, and an index of them. Written
// by generate.ts; a test compares every file with what these functions make and validates each document.

export interface ApiDocument {
  /** The file names' stem: docs/api/<name>.openapi.json and <name>.html. */
  readonly name: string;
  readonly document: Record<string, unknown>;
}

export const API_DOCUMENTS: readonly ApiDocument[] = [
  { name: 'messages', document: messagesOpenApi },
  { name: 'accounts', document: accountsOpenApi() },
  { name: 'licensing-state', document: licensingOpenApi },
  { name: 'licensing-public', document: licensingPublicOpenApi },
];

/** The two files of one API, by name. */
export const apiDocumentFiles = (api: ApiDocument): Record<string, string> => ({
  [`${api.name}.openapi.json`]: `${JSON.stringify(api.document, null, 2)}\n`,
  [`${api.name}.html`]: renderOpenApiHtml(api.document, `${api.name}.openapi.json`),
});

/** docs/api/index.html: every API with its page, its document and its one-line description. */
export function apiDocsIndexHtml(): string {
  const rows = API_DOCUMENTS.map(({ name, document }) => {
    const info = document['info'] as { title: string; version: string; description?: string };
    return `<tr><td><a href="${escapeHtml(name)}.html">${escapeHtml(info.title)}</a></td><td>${escapeHtml(info.version)}</td><td><a href="${escapeHtml(name)}.openapi.json">${escapeHtml(name)}.openapi.json</a></td></tr>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>API reference</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.4 }
table { border-collapse: collapse; width: 100% }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left }
</style>
</head>
<body>
<h1>API reference</h1>
<p>One page and one OpenAPI document per API, generated from <code>libs/contracts</code> (<code>npx nx run contracts:generate</code>); do not edit.</p>
<table><thead><tr><th>API</th><th>version</th><th>OpenAPI document</th></tr></thead><tbody>
${rows}
</tbody></table>
</body>
</html>
`;
}
