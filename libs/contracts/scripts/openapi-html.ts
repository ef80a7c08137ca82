// An OpenAPI 3 document as one self-contained HTML page (no script, no external asset): an API's reference under
// docs/api/, which the local cloud serves at /docs/api/. Written by generate.ts; a test compares it with the
// committed file.

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  typeof value === 'object' && value !== null ? (value as Json) : {};

/** `**x**`-free Markdown is not rendered: descriptions are shown as text, with `code` spans kept as code. */
const prose = (text: unknown) =>
  typeof text === 'string' ? escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>') : '';

const schemaLink = (schema: unknown): string => {
  const ref = asRecord(schema)['$ref'];
  if (typeof ref === 'string') {
    const name = ref.split('/').pop()!;
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  }
  return `<code>${escapeHtml(JSON.stringify(schema))}</code>`;
};

function operation(path: string, method: string, op: Json): string {
  const parameters = (op['parameters'] as Json[] | undefined) ?? [];
  const rows = parameters
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(String(p['name']))}</code></td><td>${escapeHtml(String(p['in']))}</td><td>${p['required'] === true ? 'yes' : 'no'}</td><td>${schemaLink(p['schema'])}</td><td>${prose(p['description'])}</td></tr>`,
    )
    .join('\n');
  const body = asRecord(asRecord(asRecord(op['requestBody'])['content'])['application/json']);
  const responses = Object.entries(asRecord(op['responses']))
    .map(([status, response]) => {
      const r = asRecord(response);
      const schema = asRecord(asRecord(r['content'])['application/json'])['schema'];
      return `<tr><td>${escapeHtml(status)}</td><td>${prose(r['description'])}</td><td>${schema === undefined ? '' : schemaLink(schema)}</td></tr>`;
    })
    .join('\n');
  const id =
    typeof op['operationId'] === 'string'
      ? op['operationId']
      : `${method}${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  return `<section id="${escapeHtml(id)}">
<h2><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> — ${escapeHtml(String(op['summary'] ?? ''))}</h2>
${rows === '' ? '' : `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr></thead><tbody>\n${rows}\n</tbody></table>`}
${body['schema'] === undefined ? '' : `<p>Request body (application/json): ${schemaLink(body['schema'])}</p>`}
${body['example'] === undefined ? '' : `<pre>${escapeHtml(JSON.stringify(body['example'], null, 2))}</pre>`}
<table><thead><tr><th>status</th><th>meaning</th><th>body</th></tr></thead><tbody>
${responses}
</tbody></table>
</section>`;
}

/** The page of `document`; `specUrl` is where the JSON document sits beside it. */
export function renderOpenApiHtml(document: Json, specUrl = 'openapi.json'): string {
  const info = asRecord(document['info']);
  const operations = Object.entries(asRecord(document['paths'])).flatMap(([path, methods]) =>
    Object.entries(asRecord(methods)).map(([method, op]) => operation(path, method, asRecord(op))),
  );
  const schemas = Object.entries(asRecord(asRecord(document['components'])['schemas']))
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(String(info['title']))} ${escapeHtml(String(info['version']))}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.4 }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top }
pre { background: #f5f5f5; padding: .6rem; overflow-x: auto }
.method { background: #234; color: #fff; padding: 0 .4rem; border-radius: 3px }
section { margin-bottom: 2rem }
</style>
</head>
<body>
<h1>${escapeHtml(String(info['title']))} <small>${escapeHtml(String(info['version']))}</small></h1>
<p>${prose(info['description'])}</p>
<p>OpenAPI ${escapeHtml(String(document['openapi']))} document: <a href="${escapeHtml(specUrl)}">${escapeHtml(specUrl)}</a>. Generated from <code>libs/contracts</code>; do not edit.</p>
${operations.join('\n')}
<h2>Schemas</h2>
${schemas}
</body>
</html>
`;
}
