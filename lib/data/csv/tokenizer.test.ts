import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { chunked, utf8 } from '../test-helpers/byte-source';
import { decodeCell } from './cell-text';
import { CsvTokenizer, type CsvRecord } from './tokenizer';

interface Parsed {
  delimiter: string | null;
  records: { line: number; fields: string[] }[];
}

function tokenize(bytes: Uint8Array, chunkSize = bytes.length || 1): Parsed {
  const records: Parsed['records'] = [];
  const t = new CsvTokenizer((r: CsvRecord) => {
    const fields: string[] = [];
    for (let i = 0; i < r.count; i++) fields.push(decodeCell(r.bytes, r.starts[i], r.ends[i]) ?? '<invalid>');
    records.push({ line: r.line, fields });
  });
  for (const c of chunked(bytes, chunkSize)) t.push(c);
  t.finish();
  return { delimiter: t.delimiter, records };
}

describe('CsvTokenizer', () => {
  it('handles quotes, escaped quotes, quoted newlines, CRLF and reports physical lines', () => {
    const text = 'a,b,c\r\n1,"x, ""y""",3\r\n"multi\nline",2,"\r\n"\n4,5,6';
    const { delimiter, records } = tokenize(utf8(text));
    expect(delimiter).toBe(',');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, "y"', '3'] },
      { line: 3, fields: ['multi\nline', '2', '\r\n'] },
      { line: 6, fields: ['4', '5', '6'] },
    ]);
  });

  it('gives the same records for every chunk size (chunk borders anywhere, incl. inside UTF-8 and CRLF)', () => {
    const text = '\uFEFFnom;ville;"q""t"\r\nÉlodie;"Zürich\r\nCH";"a""b"\r\n日本;東京;x\r\n';
    const bytes = utf8(text);
    const whole = tokenize(bytes);
    expect(whole.delimiter).toBe(';');
    expect(whole.records[0].fields).toEqual(['nom', 'ville', 'q"t']);
    expect(whole.records[1].fields).toEqual(['Élodie', 'Zürich\r\nCH', 'a"b']);
    expect(whole.records[2]).toEqual({ line: 4, fields: ['日本', '東京', 'x'] });
    for (let size = 1; size <= 9; size++) expect(tokenize(bytes, size)).toEqual(whole);
  });

  it.each([
    ['tab', 'a\tb\tc\n1\t2\t3\n', '\t'],
    ['pipe', 'a|b|c\n1|2|3\n', '|'],
    ['semicolon with commas in names', '"x,1";"y,2"\n1;2\n', ';'],
    ['single column', 'value\n1\n', ','],
  ])('detects the delimiter: %s', (_name, text, expected) => {
    expect(tokenize(utf8(text)).delimiter).toBe(expected);
  });

  it('keeps a trailing empty field and ignores a final newline', () => {
    expect(tokenize(utf8('a,b\n1,\n')).records[1].fields).toEqual(['1', '']);
    expect(tokenize(utf8('a,b\n1,2')).records).toHaveLength(2);
  });

  it('refuses an unterminated quote at end of file, naming the line it opened on', () => {
    const error = (() => {
      try {
        tokenize(utf8('a,b\n1,2\n3,"open\nstill open\n'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ code: 'unterminated_quote', details: { line: 3 } });
  });

  it('refuses text after a closing quote', () => {
    expect(() => tokenize(utf8('a,b\n"x"y,2\n'))).toThrow(expect.objectContaining({ code: 'invalid_quote', details: { line: 2 } }));
  });
});
