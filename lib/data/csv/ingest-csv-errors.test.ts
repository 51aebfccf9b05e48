import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { chunked, utf8 } from '../test-helpers/byte-source';
import { ingestCsv, type CsvIngestOptions } from './ingest-csv';

async function failure(text: string | Uint8Array, options: CsvIngestOptions = {}): Promise<DataError> {
  const bytes = typeof text === 'string' ? utf8(text) : text;
  try {
    await ingestCsv(chunked(bytes, 5), options);
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

const good = 'x,y,label\n1,2,a\n3,4,a\n5,6,b\n7,8,b\n';

describe('ingestCsv refuses bad input with a named rule', () => {
  it('empty file (also BOM or blank lines only)', async () => {
    for (const text of ['', '\uFEFF', '\n\n']) {
      expect(await failure(text)).toMatchObject({ code: 'empty_file' });
    }
  });

  it('header only', async () => {
    const e = await failure('x,y,label\n');
    expect(e.code).toBe('no_rows');
    expect(e.message).toMatch(/no data rows/);
  });

  it('duplicate column names', async () => {
    const e = await failure('x,y,x\n1,2,a\n');
    expect(e).toMatchObject({ code: 'duplicate_column', details: { line: 1, column: 'x' } });
    expect(e.message).toContain('columns 1 and 3');
  });

  it('empty column name', async () => {
    const e = await failure('x,,label\n1,2,a\n');
    expect(e).toMatchObject({ code: 'empty_column_name', details: { column: '#2' } });
  });

  it('ragged row: line, expected and found field counts', async () => {
    const e = await failure('x,y,label\n1,2,a\n3,4\n');
    expect(e).toMatchObject({ code: 'ragged_row', details: { line: 3, expected: 3, found: 2 } });
    expect(e.message).toBe('Line 3: expected 3 fields (as in the header) but found 2.');
  });

  it('label column with one class', async () => {
    const e = await failure('x,label\n1,a\n2,a\n3,a\n');
    expect(e).toMatchObject({ code: 'single_class', details: { column: 'label' } });
    expect(e.message).toContain('only one class ("a")');
  });

  it('a class with a single row, naming the class', async () => {
    const e = await failure('x,label\n1,a\n2,a\n3,b\n');
    expect(e).toMatchObject({ code: 'singleton_class', details: { className: 'b' } });
    expect(e.message).toContain('Class "b"');
  });

  it('non-numeric value in a column declared numeric: line, column, value', async () => {
    const e = await failure('x,y,label\n1,2,a\n3,4,a\n5,oops,b\n7,8,b\n', { schema: [{ name: 'y', type: 'numeric' }], inferenceRows: 1 });
    expect(e).toMatchObject({ code: 'not_numeric', details: { line: 4, column: 'y', value: 'oops' } });
    expect(e.message).toContain('"oops" is not a number');
  });

  it('missing value where the policy is error', async () => {
    const e = await failure('x,y,label\n1,2,a\n3,,a\n5,6,b\n7,8,b\n', { schema: [{ name: 'y', missing: 'error' }] });
    expect(e).toMatchObject({ code: 'missing_value', details: { line: 3, column: 'y' } });
  });

  it('file over the byte limit, stating the limit', async () => {
    const e = await failure(good, { limits: { maxBytes: 20 } });
    expect(e).toMatchObject({ code: 'file_too_large', details: { limit: 20 } });
    expect(e.message).toContain('20 bytes');
  });

  it('too many rows, stating the limit', async () => {
    const e = await failure(good, { limits: { maxRows: 3 } });
    expect(e).toMatchObject({ code: 'too_many_rows', details: { limit: 3, line: 5 } });
    expect(e.message).toContain('3 rows');
  });

  it('too many columns, stating the limit', async () => {
    const e = await failure(good, { limits: { maxColumns: 2 } });
    expect(e).toMatchObject({ code: 'too_many_columns', details: { limit: 2 } });
    expect(e.message).toContain('the limit is 2');
  });

  it('unterminated quote at end of file', async () => {
    const e = await failure('x,y,label\n1,2,a\n3,"4,a\n5,6,b\n');
    expect(e).toMatchObject({ code: 'unterminated_quote', details: { line: 3 } });
  });

  it('invalid UTF-8 in a text cell, naming line and column', async () => {
    const bytes = new Uint8Array([...utf8('x,label\n1,a\n2,'), 0xff, 0xfe, ...utf8('\n3,b\n4,b\n')]);
    expect(await failure(bytes)).toMatchObject({ code: 'invalid_utf8', details: { line: 3, column: 'label' } });
  });

  it('unknown column in the schema and median on a categorical column', async () => {
    expect(await failure(good, { schema: [{ name: 'nope', role: 'ignore' }] })).toMatchObject({ code: 'unknown_column' });
    expect(await failure(good, { schema: [{ name: 'label', missing: 'median' }] })).toMatchObject({ code: 'invalid_option' });
  });

  it('accepts the good file (the cases above differ from it in one way each)', async () => {
    await expect(ingestCsv([utf8(good)])).resolves.toMatchObject({ dataset: { rowCount: 4 } });
  });
});
