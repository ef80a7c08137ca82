import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The pages are static files with no build step (docs/accounts.md, "Pages"): each repeats the head and the header
// of index.html. This holds the copies together, so a change to one that misses the others fails here.
const PAGES = join(import.meta.dirname, '..', '..', 'pages');
const pages = readdirSync(PAGES).filter((file) => file.endsWith('.html'));
const read = (file: string) => readFileSync(join(PAGES, file), 'utf8');

/** A page split at its `<main>`: the shared layout before and after it, with the title taken out. */
function layoutOf(html: string): { title: string; before: string; after: string } {
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
  const before = html.slice(0, html.indexOf('<main>')).replace(`<title>${title}</title>`, '<title></title>');
  return { title, before, after: html.slice(html.indexOf('</main>')) };
}

describe('the accounts pages', () => {
  it('are the seven the service serves', () => {
    expect(pages.sort()).toEqual(
      ['change-password', 'index', 'login', 'lost-password', 'reset-password', 'sign-up', 'verify'].map(
        (name) => `${name}.html`,
      ),
    );
  });

  it("share index.html's head, header and end, each with its own title and one heading", () => {
    const index = layoutOf(read('index.html'));
    expect(index.before).toContain('<link rel="stylesheet" href="style.css" />');
    for (const file of pages) {
      const html = read(file);
      const page = layoutOf(html);
      expect(page.before, file).toBe(index.before);
      expect(page.after, file).toBe(index.after);
      expect(page.title, file).toMatch(/^\S.* · Accounts$/);
      expect(html.match(/<h1>/g), file).toHaveLength(1);
    }
    expect(new Set(pages.map((file) => layoutOf(read(file)).title)).size).toBe(pages.length);
  });
});
