import { describe, expect, it } from 'vitest';
import { ingestCsv } from './csv/ingest-csv';
import { ingestIdx } from './idx/ingest-idx';
import { csvLine, csvSafeCell, formatFloat32, rowsForDisplay } from './display';
import { utf8 } from './test-helpers/byte-source';

describe('rowsForDisplay', () => {
  it('shows a window of rows in the file order of the columns', async () => {
    const text = 'who,x,colour,skip,y\nu1,5.1,red,a,yes\nu2,2,blue,b,no\nu1,3.25,red,c,yes\nu2,-1,blue,d,no\n';
    const result = await ingestCsv([utf8(text)], { schema: [{ name: 'who', role: 'subject' }, { name: 'skip', role: 'ignore' }], trainFraction: 0.5 });
    const page = rowsForDisplay(result.dataset, 1, 2, result.schema);
    expect(page.columns).toEqual(['who', 'x', 'colour', 'y']);
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.id)).toEqual([1, 2]);
    expect(page.rows.map((r) => r.cells)).toEqual([
      ['u2', '2', 'blue', 'no'],
      ['u1', '3.25', 'red', 'yes'],
    ]);
    const splits = rowsForDisplay(result.dataset, 0, 10, result.schema).rows.map((r) => r.split);
    expect(splits.filter((s) => s === 'test')).toHaveLength(2);
    expect(rowsForDisplay(result.dataset, 3, 10).rows).toHaveLength(1);
    expect(rowsForDisplay(result.dataset, 0, 1).rows[0].cells).toEqual(['5.1', 'red', 'u1', 'yes']);
  });

  it('shows the class of each image (image datasets keep no column schema)', async () => {
    // four 2x2 images and their labels, as IDX files (big-endian magic 0x803 / 0x801 and sizes)
    const images = new Uint8Array([0, 0, 0x08, 0x03, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 2, ...new Array<number>(16).fill(7)]);
    const labels = new Uint8Array([0, 0, 0x08, 0x01, 0, 0, 0, 4, 1, 0, 1, 0]);
    const result = await ingestIdx({ images: [images], labels: [labels], classNames: ['zero', 'one'] });
    const page = rowsForDisplay(result.dataset, 0, 3, result.schema);
    expect(result.schema).toEqual([]);
    expect(page.columns).toEqual(['label']);
    expect(page.rows.map((r) => r.cells)).toEqual([['one'], ['zero'], ['one']]);
  });

  it('formats float32 values with the shortest text that reads back the same', () => {
    expect(formatFloat32(Math.fround(5.1))).toBe('5.1');
    expect(formatFloat32(Math.fround(0.1 + 0.2))).toBe('0.3');
    expect(formatFloat32(123456792)).toBe('123456790');
    expect(formatFloat32(-0.5)).toBe('-0.5');
  });
});

describe('csvSafeCell', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@import', "'@import"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['-5', '-5'],
    ['+1.5e3', '+1.5e3'],
    ['plain', 'plain'],
    ['', ''],
  ])('%j -> %j', (input, expected) => expect(csvSafeCell(input)).toBe(expected));

  it('keeps numbers as numbers and quotes CSV fields', () => {
    expect(csvSafeCell(-3.5)).toBe('-3.5');
    expect(csvLine(['a,b', 'say "hi"', -1, '=1+1'])).toBe('"a,b","say ""hi""",-1,\'=1+1');
  });
});
