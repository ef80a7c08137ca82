import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UploadFileError, readLicenseCsv, type CsvRow } from '../../src/index.js';

const HEADER =
  'ssn,givenName,familyName,dateOfIssuance,dateOfExpiration,dateOfBirth,homeAddressStreet1,homeAddressCity,homeAddressState,homeAddressPostalCode,licenseType,licenseStatus,compactEligibility';
const ROW =
  '123-45-6789,Jane,Doe,2020-01-01,2030-01-01,1980-01-01,1 Main St,Columbus,OH,43004,audiologist,active,eligible';

async function read(chunks: (string | Buffer)[]): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of readLicenseCsv(Readable.from(chunks.map((c) => Buffer.from(c))), 'aslp'))
    rows.push(row);
  return rows;
}

describe('readLicenseCsv', () => {
  it('reads rows split across chunks at any byte, a multi-byte character included', async () => {
    const text = `${HEADER}\n${ROW.replace('Jane', 'Zoë')}\n${ROW.replace('123-45-6789', '123-45-6780')}\n`;
    const bytes = Buffer.from(text);
    for (const cut of [1, 7, bytes.indexOf(Buffer.from('ë')) + 1, bytes.length - 1]) {
      const rows = await read([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(rows.map((r) => ('license' in r ? r.license.givenName : r.problem))).toEqual(['Zoë', 'Jane']);
      expect(rows.map((r) => [r.row, r.line])).toEqual([
        [1, 2],
        [2, 3],
      ]);
    }
  });

  it('accepts header names in any case and in any order, and skips blank lines', async () => {
    const columns = HEADER.split(',');
    const cells = ROW.split(',');
    const header = [...columns]
      .reverse()
      .map((c) => c.toUpperCase())
      .join(',');
    const rows = await read([`${header}\n\n${[...cells].reverse().join(',')}\n\n`]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ license: { ssn: '123-45-6789', licenseType: 'audiologist' } });
  });

  it('keeps a stray quote inside an unquoted cell as a character', async () => {
    const rows = await read([`${HEADER}\n${ROW.replace('Doe', 'O"Doe')}\n`]);
    expect(rows[0]).toMatchObject({ license: { familyName: 'O"Doe' } });
  });

  it.each([
    ['a repeated column', `${HEADER},ssn\n`, 'REPEATED_COLUMNS'],
    ['an empty column name', `${HEADER},\n`, 'UNKNOWN_COLUMNS'],
    ['a file with only blank lines', '\n\n', 'EMPTY_FILE'],
    ['a row over 64 KiB', `${HEADER}\n${ROW.replace('Jane', 'x'.repeat(70_000))}\n`, 'MALFORMED_CSV'],
    [
      'a UTF-8 character cut at the end of the file',
      Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.of(0xc3)]),
      'FILE_NOT_UTF8',
    ],
    [
      'an overlong encoding',
      Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.of(0xc0, 0xaf)]),
      'FILE_NOT_UTF8',
    ],
    [
      'a UTF-16 surrogate in UTF-8',
      Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.of(0xed, 0xa0, 0x80)]),
      'FILE_NOT_UTF8',
    ],
  ])('refuses %s as a file error', async (_name, body, code) => {
    const error = await read([body]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadFileError);
    expect(error).toMatchObject({ code });
  });

  it('never quotes a cell in a file error or a row problem', async () => {
    const secret = '987-65-4321';
    const header = await read([`${HEADER},${secret}\n`]).catch((e: unknown) => e);
    expect((header as Error).message).toContain('"987-65-4321"'); // a header cell is the board's own column name
    const rows = await read([`${HEADER}\n${ROW.replace('123-45-6789', `${secret}x`)}\n`]);
    expect(JSON.stringify(rows.map((r) => ('problem' in r ? r.problem : null)))).not.toContain(secret);
    const quote = await read([`${HEADER}\n${ROW}\n"${secret}`]).catch((e: unknown) => e);
    expect(quote).toMatchObject({ code: 'MALFORMED_CSV', line: 3 });
    expect((quote as Error).message).not.toContain(secret);
  });
});
