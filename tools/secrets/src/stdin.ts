import type { Readable } from 'node:stream';
import { SecretValueError, UsageError } from './errors.js';

/** More than any secret this tool writes (Secrets Manager holds at most 64 KiB), even pretty-printed. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * Reads a value piped to the tool as UTF-8 text. A terminal is refused: what is typed there is echoed on
 * the screen (and kept in its scrollback), so values come from a pipe or a file redirect only.
 */
export async function readPipedInput(
  stream: Readable & { isTTY?: boolean },
  maxBytes = MAX_INPUT_BYTES,
): Promise<string> {
  if (stream.isTTY === true) {
    throw new UsageError(
      'standard input is a terminal, which would echo the value: pipe it in instead (e.g. `< file` or `jq -c . file |`)',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    size += bytes.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new SecretValueError(`standard input is larger than ${maxBytes} bytes`);
    }
    chunks.push(bytes);
  }
  try {
    // fatal: a stray byte is an error rather than a silent U+FFFD in the stored secret.
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new SecretValueError('standard input is not UTF-8 text');
  }
}
