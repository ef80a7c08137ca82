import { LICENSE_FIELDS, REQUIRED_LICENSE_FIELDS, type Compact, type License } from '@backend/contracts';
import { CsvError, parse, type Options } from 'csv-parse';
import { Transform, type Readable } from 'node:stream';
import { UploadFileError } from './errors.js';
import { checkLicense, type FieldProblem } from './validate.js';

/** One data row of an uploaded file: `row` 1 is the first after the header; `line` is where it ends. */
export type CsvRow =
  | { readonly row: number; readonly line: number; readonly license: License }
  | { readonly row: number; readonly line: number; readonly problem: FieldProblem };

/** A row as the parser hands it on: its cells and the line it ends on. */
interface ParsedRow {
  cells: string[];
  line: number;
}

/** Longest row accepted (a license is well under 2 KB); a longer one is a broken file, not a license. */
const MAX_ROW_BYTES = 64 * 1024;

const fieldByLowerName = new Map(LICENSE_FIELDS.map((field) => [field.toLowerCase(), field]));

/** Why csv-parse stopped, in our words: its own messages quote the offending text, which may be PII. */
const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a cell is not doubled',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote',
  INVALID_OPENING_QUOTE: 'a quote starts inside an unquoted cell',
  CSV_MAX_RECORD_SIZE: `a row is longer than ${MAX_ROW_BYTES} bytes`,
};

/**
 * The offset of the first byte that is not part of valid UTF-8 in `bytes`, or -1; a sequence cut off by the end of
 * `bytes` is valid so far (the next chunk completes it) and its start is returned as `incompleteFrom`.
 */
function scanUtf8(bytes: Uint8Array): { invalidAt: number; incompleteFrom: number } {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return { invalidAt: i, incompleteFrom: -1 };
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return { invalidAt: -1, incompleteFrom: i };
      const c = bytes[i + k]!;
      // The second byte's range excludes overlong forms and surrogates (RFC 3629's table).
      const [low, high] =
        k > 1
          ? [0x80, 0xbf]
          : b === 0xe0
            ? [0xa0, 0xbf]
            : b === 0xed
              ? [0x80, 0x9f]
              : b === 0xf0
                ? [0x90, 0xbf]
                : b === 0xf4
                  ? [0x80, 0x8f]
                  : [0x80, 0xbf];
      if (c < low || c > high) return { invalidAt: i, incompleteFrom: -1 };
    }
    i += length;
  }
  return { invalidAt: -1, incompleteFrom: -1 };
}

/**
 * Passes bytes through unchanged while they are UTF-8. At the first byte that is not (a Latin-1 or UTF-16 export),
 * it passes the whole lines before it, notes the problem with its line in `problem`, and drops the rest: csv-parse
 * would otherwise turn the byte into U+FFFD and store a wrong name.
 */
function utf8Guard(): Transform & { problem?: UploadFileError } {
  let carry = Buffer.alloc(0);
  let lines = 1;
  const guard: Transform & { problem?: UploadFileError } = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (guard.problem !== undefined) return done();
      const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const { invalidAt, incompleteFrom } = scanUtf8(bytes);
      if (invalidAt >= 0) {
        const lineStart = bytes.lastIndexOf(0x0a, invalidAt) + 1;
        const before = bytes.subarray(0, lineStart);
        lines += countNewlines(before);
        guard.problem = notUtf8(lines);
        carry = Buffer.alloc(0);
        return done(null, before);
      }
      const complete = incompleteFrom >= 0 ? bytes.subarray(0, incompleteFrom) : bytes;
      carry = incompleteFrom >= 0 ? Buffer.from(bytes.subarray(incompleteFrom)) : Buffer.alloc(0);
      lines += countNewlines(complete);
      done(null, complete);
    },
    flush(done) {
      if (carry.length > 0 && guard.problem === undefined) guard.problem = notUtf8(lines);
      done();
    },
  });
  return guard;
}

const notUtf8 = (line: number) =>
  new UploadFileError('FILE_NOT_UTF8', `line ${line} is not UTF-8 text: save the file as UTF-8 CSV`, {
    line,
  });

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count++;
  return count;
}

/** The header's columns as license fields (case-insensitive); unknown, repeated or missing columns refuse the file. */
function readHeader(cells: string[]): (keyof License)[] {
  const columns = cells.map((cell) => cell.trim());
  const fields = columns.map((name) => fieldByLowerName.get(name.toLowerCase()));
  const unknown = columns.filter((_name, i) => fields[i] === undefined);
  if (unknown.length > 0) {
    const names = unknown.map((name) => (name === '' ? '(empty)' : JSON.stringify(name.slice(0, 100))));
    throw new UploadFileError(
      'UNKNOWN_COLUMNS',
      `line 1: the header has columns that are not license fields: ${names.join(', ')}`,
      { line: 1 },
    );
  }
  const known = fields as (keyof License)[];
  const repeated = known.filter((field, i) => known.indexOf(field) !== i);
  if (repeated.length > 0) {
    throw new UploadFileError(
      'REPEATED_COLUMNS',
      `line 1: the header names ${[...new Set(repeated)].join(', ')} more than once`,
      { line: 1 },
    );
  }
  const missing = REQUIRED_LICENSE_FIELDS.filter((field) => !known.includes(field));
  if (missing.length > 0) {
    throw new UploadFileError(
      'MISSING_COLUMNS',
      `line 1: the header lacks the required columns ${missing.join(', ')}`,
      { line: 1 },
    );
  }
  return known;
}

/**
 * The rows of a license CSV, read as a stream (memory does not grow with the file): UTF-8 (a BOM is dropped), a
 * header naming license fields, each cell trimmed and an empty cell an absent value, each row checked against the
 * license schema and the compact's types. A row's problem is yielded with the row; a file that cannot be read as
 * license CSV throws UploadFileError with its line.
 */
export async function* readLicenseCsv(source: Readable, compact: Compact): AsyncGenerator<CsvRow> {
  // Where the last complete row ended: a row the parser cannot finish starts on the next line.
  let lastLine = 0;
  const options: Options<ParsedRow, string[]> = {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // A quote inside an unquoted cell (O"Brien) is kept as a character, not a broken file.
    relax_quotes: true,
    max_record_size: MAX_ROW_BYTES,
    // Called as each row is parsed, before a later row can fail the stream: the line where the last good row ended.
    on_record: (cells, context) => {
      lastLine = context.lines;
      return { cells, line: context.lines };
    },
  };
  // csv-parse types its stream as string[] rows whatever on_record returns.
  const parser = parse(options as unknown as Options);
  const guard = utf8Guard();
  // pipe() does not forward errors: a failing source or guard must end the parser's iteration.
  source.once('error', (error) => parser.destroy(error));
  source.pipe(guard).pipe(parser);

  let header: (keyof License)[] | undefined;
  let row = 0;
  try {
    for await (const { cells: record, line } of parser as AsyncIterable<ParsedRow>) {
      if (header === undefined) {
        header = readHeader(record);
        continue;
      }
      row++;
      if (record.length !== header.length) {
        yield {
          row,
          line,
          problem: { message: `the row has ${record.length} cells; the header has ${header.length}` },
        };
        continue;
      }
      const values: Record<string, string> = {};
      record.forEach((cell, i) => {
        const value = cell.trim();
        if (value !== '') values[header![i]!] = value;
      });
      const check = checkLicense(values, compact);
      yield check.ok ? { row, line, license: check.license } : { row, line, problem: check.problem };
    }
  } catch (error) {
    if (error instanceof UploadFileError) throw error;
    if (error instanceof CsvError) {
      const line = lastLine + 1;
      const what = CSV_PROBLEMS[error.code] ?? 'the file is not valid CSV';
      throw new UploadFileError('MALFORMED_CSV', `the row starting on line ${line}: ${what}`, { line });
    }
    throw error;
  } finally {
    source.destroy();
  }
  if (guard.problem !== undefined) throw guard.problem;
  if (header === undefined) throw new UploadFileError('EMPTY_FILE', 'the file has no header row');
}
