import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunked, utf8 } from '../test-helpers/byte-source';
import { ingestCsv } from './ingest-csv';
import { SAMPLE_DATA_DIR } from '@/test/sample-data';

const datasets = SAMPLE_DATA_DIR;
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(`${datasets}/${name}`));

describe('ingestCsv on the bundled datasets', () => {
  it.each([
    ['iris.csv', 150, 4, { setosa: 50, versicolor: 50, virginica: 50 }],
    ['wine.csv', 178, 13, { class_0: 59, class_1: 71, class_2: 48 }],
    ['breast_cancer.csv', 569, 30, { benign: 357, malignant: 212 }],
    ['digits.csv', 1797, 64, { 0: 178, 1: 182, 2: 177, 3: 183, 4: 181, 5: 182, 6: 181, 7: 179, 8: 174, 9: 180 }],
  ])('%s: rows, numeric features and class counts', async (file, rows, features, classCounts) => {
    const result = await ingestCsv(chunked(read(file), 4096));
    const ds = result.dataset;
    expect(ds.rowCount).toBe(rows);
    expect(ds.columns).toHaveLength(features);
    expect(ds.columns.every((c) => c.type === 'numeric' && c.values.length === rows)).toBe(true);
    expect(Object.fromEntries(result.stats.classCounts.map((c) => [c.name, c.count]))).toEqual(classCounts);
    expect(ds.split.train.length + ds.split.test.length).toBe(rows);
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sorts class names naturally (digits 0..9, not 0,1,10..)', async () => {
    const { dataset } = await ingestCsv([read('digits.csv')]);
    expect(dataset.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('keeps values exactly as float32 of the text', async () => {
    const { dataset } = await ingestCsv([read('iris.csv')]);
    const first = dataset.columns[0];
    expect(first.type === 'numeric' && first.values[0]).toBe(Math.fround(5.1));
    expect(dataset.labels[0]).toBe(dataset.classNames.indexOf('setosa'));
  });

  it('gives the same hash and split whatever the chunk size, and a new split for a new seed', async () => {
    const bytes = read('wine.csv');
    const a = await ingestCsv(chunked(bytes, 7), { splitSeed: 3 });
    const b = await ingestCsv(chunked(bytes, 65536), { splitSeed: 3 });
    const c = await ingestCsv([bytes], { splitSeed: 4 });
    expect(a.hash).toBe(b.hash);
    expect(Array.from(a.dataset.split.test)).toEqual(Array.from(b.dataset.split.test));
    expect(c.hash).not.toBe(a.hash);
    expect(Array.from(c.dataset.split.test)).not.toEqual(Array.from(a.dataset.split.test));
  });

  it('splits 80/20 stratified by default with every class on both sides', async () => {
    const { dataset, stats } = await ingestCsv([read('iris.csv')]);
    expect(stats.trainRows).toBe(120);
    expect(stats.testRows).toBe(30);
    for (let c = 0; c < 3; c++) {
      expect(Array.from(dataset.split.test).filter((i) => dataset.labels[i] === c)).toHaveLength(10);
    }
    const trainFraction = await ingestCsv([read('iris.csv')], { trainFraction: 0.5 });
    expect(trainFraction.stats.testRows).toBe(75);
  });

  it('reports progress in bytes', async () => {
    const bytes = read('iris.csv');
    const seen: number[] = [];
    await ingestCsv(chunked(bytes, 1000), { onProgress: (p) => seen.push(p.bytes) });
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.length).toBe(Math.ceil(bytes.length / 1000));
  });

  it('computes column summaries with histograms', async () => {
    const { stats } = await ingestCsv([read('iris.csv')]);
    const sepal = stats.columns.find((c) => c.name === 'sepal_length');
    expect(sepal?.type).toBe('numeric');
    if (sepal?.type !== 'numeric') return;
    expect(sepal.min).toBeCloseTo(4.3, 5);
    expect(sepal.max).toBeCloseTo(7.9, 5);
    expect(sepal.mean).toBeCloseTo(5.8433, 3);
    expect(sepal.histogram).toHaveLength(20);
    expect(sepal.histogram.reduce((s, b) => s + b.count, 0)).toBe(150);
    const species = stats.columns.find((c) => c.name === 'species');
    expect(species?.type === 'categorical' && species.top).toEqual([
      { value: 'setosa', count: 50 },
      { value: 'versicolor', count: 50 },
      { value: 'virginica', count: 50 },
    ]);
  });
});

describe('ingestCsv text handling', () => {
  it('reads BOM, CRLF, quoted newlines and multi-byte text split across chunks', async () => {
    const text = '\uFEFF"size";"note";"class"\r\n1,5;"größer\r\nzeile";Ä\r\n2;"日本";Ä\r\n3;x;Ö\r\n4;"a""b";Ö\r\n';
    const result = await ingestCsv(chunked(utf8(text), 3), { schema: [{ name: 'size', type: 'categorical' }] });
    const note = result.dataset.columns[1];
    expect(result.dataset.classNames).toEqual(['Ä', 'Ö']);
    expect(note.type === 'categorical' && note.categories).toEqual(['a"b', 'größer\r\nzeile', 'x', '日本']);
    expect(result.dataset.columns[0].type === 'categorical' && result.dataset.columns[0].categories).toEqual(['1,5', '2', '3', '4']);
  });
});

describe('ingestCsv roles, types and missing values', () => {
  const csv = [
    'id;age;city;sex;note;outcome',
    'u1;30;Paris;f;x;yes',
    'u1;NA;Lyon;m;y;no',
    'u2;40;?;f;z;yes',
    'u3;50;Paris;;w;no',
    'u3;60;Paris;m;v;yes',
    'u4;;Lyon;f;v;no',
  ].join('\n');

  it('detects the delimiter and applies roles, overrides and missing policies', async () => {
    const result = await ingestCsv([utf8(csv)], {
      trainFraction: 0.5,
      schema: [
        { name: 'id', role: 'subject' },
        { name: 'sex', role: 'sensitive', missing: 'drop' },
        { name: 'note', role: 'ignore' },
      ],
    });
    const { dataset: ds, stats } = result;
    expect(result.source).toMatchObject({ format: 'csv', delimiter: ';' });
    expect(ds.rowCount).toBe(5);
    expect(stats.droppedRows).toBe(1);
    expect(ds.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['age:numeric', 'city:categorical']);
    const age = ds.columns[0];
    // 30, NA, 40, 60, empty -> median of 30, 40, 60 fills the two missing cells.
    expect(age.type === 'numeric' && Array.from(age.values)).toEqual([30, 40, 40, 60, 40]);
    const city = ds.columns[1];
    expect(city.type === 'categorical' && city.categories).toEqual(['Lyon', 'Paris']);
    // The "?" in row 3 becomes the mode (Lyon and Paris tie at 2; ties go to the first code).
    expect(city.type === 'categorical' && Array.from(city.codes)).toEqual([1, 0, 0, 1, 0]);
    expect(ds.subjects?.values).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(stats.subjects).toEqual({ column: 'id', subjects: 4, rowsPerSubject: { min: 1, max: 2, mean: 1.25, median: 1 } });
    expect(ds.groups.map((g) => g.name)).toEqual(['sex']);
    expect(stats.groups[0].sizes).toEqual([
      { value: 'f', count: 3 },
      { value: 'm', count: 2 },
    ]);
    expect(ds.classNames).toEqual(['no', 'yes']);
    const ageSummary = stats.columns.find((c) => c.name === 'age');
    expect(ageSummary?.missing).toBe(2);
    expect(result.schema.find((c) => c.name === 'note')?.role).toBe('ignore');
  });

  it('lets the user pick another label column and treat a numeric column as categorical', async () => {
    const result = await ingestCsv([utf8('a,b,c\n1,x,p\n2,y,p\n1,x,q\n2,y,q\n')], {
      schema: [
        { name: 'b', role: 'label' },
        { name: 'a', type: 'categorical' },
      ],
    });
    expect(result.dataset.classNames).toEqual(['x', 'y']);
    expect(result.dataset.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['a:categorical', 'c:categorical']);
  });
});
