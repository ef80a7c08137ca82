import SwaggerParser from '@apidevtools/swagger-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_DOCUMENTS, apiDocsIndexHtml, apiDocumentFiles } from '../../scripts/api-docs.js';
import { renderOpenApiHtml } from '../../scripts/openapi-html.js';

// docs/api/ holds every API's reference in one layout: <name>.openapi.json, <name>.html and index.html, each the
// file the generator writes now, each document valid OpenAPI 3 (@apidevtools/swagger-parser: the OpenAPI 3.0 and
// 3.1 JSON Schemas, and every $ref resolved).
const DOCS = join(import.meta.dirname, '../../../../docs/api');
const hint = 'run: npx nx run contracts:generate';

describe('docs/api', () => {
  it('holds exactly the files of the declared APIs and the index', () => {
    const expected = [
      'index.html',
      ...API_DOCUMENTS.flatMap((api) => Object.keys(apiDocumentFiles(api))),
    ].sort();
    expect(readdirSync(DOCS).sort(), hint).toEqual(expected);
    expect(API_DOCUMENTS.map((api) => api.name)).toEqual([
      'messages',
      'accounts',
      'licensing-state',
      'licensing-public',
    ]);
  });

  it.each(API_DOCUMENTS.map((api) => [api.name, api] as const))(
    '%s: the committed files are the generated ones',
    (_name, api) => {
      for (const [file, text] of Object.entries(apiDocumentFiles(api)))
        expect(readFileSync(join(DOCS, file), 'utf8'), `${file}: ${hint}`).toBe(text);
    },
  );

  it.each(API_DOCUMENTS.map((api) => [api.name, api] as const))(
    '%s: validates as OpenAPI 3 with every $ref resolving',
    async (name, api) => {
      const file = JSON.parse(readFileSync(join(DOCS, `${name}.openapi.json`), 'utf8')) as object;
      // validate() dereferences in place: give it a copy.
      await expect(SwaggerParser.validate(structuredClone(file) as never)).resolves.toBeDefined();
      expect(String(api.document['openapi'])).toMatch(/^3\.[01]\.\d+$/);
    },
  );

  it('refuses a document that is not OpenAPI 3 (the check can fail)', async () => {
    const broken = { openapi: '3.1.0', info: { title: 'x' }, paths: { '/a': { get: { responses: 7 } } } };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
    const dangling = {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: {
        '/a': {
          get: {
            responses: {
              '200': {
                description: 'x',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } },
              },
            },
          },
        },
      },
    };
    await expect(SwaggerParser.validate(dangling as never)).rejects.toThrow();
  });

  it('index.html links every page and document, and is the generated one', () => {
    const index = readFileSync(join(DOCS, 'index.html'), 'utf8');
    expect(index, hint).toBe(apiDocsIndexHtml());
    for (const { name } of API_DOCUMENTS) {
      expect(index).toContain(`href="${name}.html"`);
      expect(index).toContain(`href="${name}.openapi.json"`);
    }
  });

  it('pages are self-contained: no script, no stylesheet or asset from anywhere else', () => {
    for (const file of readdirSync(DOCS).filter((name) => name.endsWith('.html'))) {
      const page = readFileSync(join(DOCS, file), 'utf8');
      expect(page, file).not.toMatch(/<script|<link|<img|@import|src=/i);
      // Links point within docs/api/ (a page, a document, an anchor).
      for (const [, href] of page.matchAll(/href="([^"]*)"/g))
        expect(href, file).toMatch(/^(#|[a-z-]+\.(html|openapi\.json)$)/);
    }
  });

  it('escapes what it renders, so a description cannot inject markup', () => {
    const page = renderOpenApiHtml({
      openapi: '3.1.0',
      info: { title: '<script>x</script>', version: '1' },
      paths: {},
    });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });
});
