import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markers, replaceNamedSection, wrapSection, writeSection } from '../../doc.js';

describe('replaceNamedSection', () => {
  const cold = wrapSection('cold-start', ['cold']);
  const cloud = wrapSection('local-cloud', ['new']);

  it('replaces only its own section and leaves the others and the prose alone', () => {
    const document = `# P\n\n${cold}\n\nprose\n\n${wrapSection('local-cloud', ['old'])}\n\nafter\n`;
    expect(replaceNamedSection(document, 'local-cloud', cloud)).toBe(
      `# P\n\n${cold}\n\nprose\n\n${cloud}\n\nafter\n`,
    );
  });

  it('appends a section whose markers are absent', () => {
    expect(replaceNamedSection(`# P\n\n${cold}\n`, 'local-cloud', cloud)).toBe(
      `# P\n\n${cold}\n\n${cloud}\n`,
    );
  });

  it('refuses a document with one marker or with them out of order', () => {
    const { start, end } = markers('proofing');
    expect(() => replaceNamedSection(`${start}\n`, 'proofing', 'x')).toThrow('only one of');
    expect(() => replaceNamedSection(`${end}\n${start}\n`, 'proofing', 'x')).toThrow('out of order');
  });
});

describe('writeSection', () => {
  it('writes the section into the file formatted as prettier would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-doc-'));
    try {
      const path = join(dir, 'performance.md');
      await writeFile(path, '# Performance\n\nintro\n');
      await writeSection(path, 'proofing', wrapSection('proofing', ['| a | b |', '|---|--:|', '| x | 1 |']));
      expect(await readFile(path, 'utf8')).toBe(
        '# Performance\n\nintro\n\n<!-- proofing:start -->\n\n| a   |   b |\n| --- | --: |\n| x   |   1 |\n\n<!-- proofing:end -->\n',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
