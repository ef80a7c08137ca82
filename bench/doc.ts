import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, type as osType } from 'node:os';
import { format, resolveConfig } from 'prettier';

/** Each suite owns the text between its own pair of markers in docs/performance.md. */
export type SectionName =
  | 'cold-start'
  | 'local-cloud'
  | 'proofing'
  | 'service-platform'
  | 'feature-flags'
  | 'messages'
  | 'accounts'
  | 'licensing'
  | 'licensing-reads';

export const markers = (name: SectionName): { start: string; end: string } => ({
  start: `<!-- ${name}:start -->`,
  end: `<!-- ${name}:end -->`,
});

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  os: string;
  /** 1-minute load average when the suite began: other work on a shared machine shows here. */
  loadAverage?: number;
}

export function thisMachine(): Machine {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    os: `${osType()} ${release()}`,
    loadAverage: loadavg()[0] ?? 0,
  };
}

/** `Measured <date> on <machine>`: the opening words of every generated section. */
export const measuredOn = (date: string, machine: Machine): string =>
  `Measured ${date} on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.os}`;

/** A sentence on the machine's load, for suites whose wall times it moves. */
export const loadNote = (machine: Machine): string =>
  machine.loadAverage === undefined
    ? ''
    : ` The 1-minute load average was ${machine.loadAverage.toFixed(1)} on ${machine.cores} cores when the suite began.`;

export const today = (): string => new Date().toISOString().slice(0, 10);

/** Wraps generated lines in the section's markers. */
export const wrapSection = (name: SectionName, lines: readonly string[]): string =>
  [markers(name).start, ...lines, markers(name).end].join('\n');

/**
 * Replaces the text between the section's markers (inclusive) with `section`, or appends it when
 * neither marker is there. Refuses a document with one marker or with them out of order.
 */
export function replaceNamedSection(document: string, name: SectionName, section: string): string {
  const { start: startMarker, end: endMarker } = markers(name);
  const start = document.indexOf(startMarker);
  const end = document.indexOf(endMarker);
  if (start === -1 && end === -1) return `${document.trimEnd()}\n\n${section}\n`;
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`the document has only one of ${startMarker} and ${endMarker}, or them out of order`);
  }
  return `${document.slice(0, start)}${section}${document.slice(end + endMarker.length)}`;
}

/** Writes a section into the document, formatted as prettier would (npm test checks formatting). */
export async function writeSection(path: string, name: SectionName, section: string): Promise<void> {
  const document = existsSync(path) ? await readFile(path, 'utf8') : '# Performance\n';
  const formatted = await format(replaceNamedSection(document, name, section), {
    ...(await resolveConfig(path)),
    filepath: path,
  });
  await writeFile(path, formatted);
}
