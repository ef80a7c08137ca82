import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ZipFile } from 'yazl';
import { InvalidBuildOutputError } from './errors.js';

/**
 * Every entry gets the same timestamp, mode and compression so that the zip depends on file names
 * and contents only. The date is built from local-time parts and written only in the DOS fields
 * (no UTC extra field), so the bytes are also the same in every time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const FILE_MODE = 0o100644;
const COMPRESSION_LEVEL = 9;

/** A zip entry's bytes, or how to read them when the entry is written. */
export type ZipContent = Buffer | (() => Promise<Buffer>);

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface ListOptions {
  /** Leaves out a directory (its relative POSIX path) and everything under it. */
  skipDirectory?: (relative: string) => boolean;
}

/** Relative POSIX paths of every regular file under `root`, in byte order (not locale order). */
export async function listFiles(root: string, options: ListOptions = {}): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (options.skipDirectory?.(path) !== true) await walk(path);
      } else if (entry.isFile()) found.push(path);
      // A link's target could change without the zip's inputs changing; refuse it.
      else throw new InvalidBuildOutputError(`${join(root, path)} is not a regular file or directory`);
    }
  };
  await walk('');
  return found.sort(byteOrder);
}

/**
 * Zips every file under `root` deterministically: sorted entries, no directory entries, fixed
 * mtime 1980-01-01, mode 0644 and deflate level 9. The same files give byte-identical zips.
 */
export async function createDeterministicZip(root: string): Promise<Buffer> {
  const files = await listFiles(root);
  if (files.length === 0) throw new InvalidBuildOutputError(`${root} contains no files`);
  return zipFiles(new Map(files.map((file) => [file, () => readFile(join(root, file))])));
}

/** Zips `files` (zip path to content) as createDeterministicZip does: the same entries give the same bytes. */
export async function zipFiles(files: ReadonlyMap<string, ZipContent>): Promise<Buffer> {
  const zip = new ZipFile();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.on('error', reject);
  });
  for (const name of [...files.keys()].sort(byteOrder)) {
    const content = files.get(name) as ZipContent;
    // addBuffer writes sizes in the local header (no data descriptor), which every unzipper reads.
    zip.addBuffer(typeof content === 'function' ? await content() : content, name, {
      mtime: FIXED_MTIME,
      mode: FILE_MODE,
      compress: true,
      compressionLevel: COMPRESSION_LEVEL,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  return done;
}
