import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { decodeDataset, encodeDataset } from './codec';
import { DataError } from './errors';
import { hashDataset } from './hash';
import { stratifiedSplit } from './split';
import type { DatasetArrays } from './types';
import { ingestCsv } from './csv/ingest-csv';
import { samplePath } from '@/test/sample-data';

function imageDataset(rows: number, classes: number): DatasetArrays {
  const r = createRandom(5);
  const pixels = new Uint8Array(rows * 8 * 8).map(() => r.int(256));
  const labels = Int32Array.from({ length: rows }, (_, i) => i % classes);
  return {
    kind: 'image',
    rowCount: rows,
    columns: [],
    pixels,
    imageShape: { height: 8, width: 8, channels: 1 },
    labels,
    classNames: Array.from({ length: classes }, (_, c) => `class ${c}`),
    groups: [],
    split: stratifiedSplit(labels, classes, 0.8, 1),
  };
}

describe('storage codec', () => {
  it('round-trips a tabular dataset with subjects, groups and categorical columns exactly', async () => {
    const text = 'who,x,colour,sex,y\n' + Array.from({ length: 300 }, (_, i) => `s${i % 70},${i * 0.37},c${i % 300},${i % 2 ? 'f' : 'm'},${i % 3}`).join('\n');
    const { dataset, schema, hash } = await ingestCsv([new TextEncoder().encode(text)], {
      schema: [
        { name: 'who', role: 'subject' },
        { name: 'sex', role: 'sensitive' },
      ],
    });
    const { header, chunks } = encodeDataset(dataset, 1000);
    expect(chunks.every((c) => c.length <= 1000)).toBe(true);
    const json = JSON.parse(JSON.stringify(header));
    // The db hands chunks back as fresh, possibly unaligned, buffers.
    const copied = chunks.map((c) => {
      const padded = new Uint8Array(c.length + 1);
      padded.set(c, 1);
      return padded.subarray(1);
    });
    const decoded = decodeDataset(json, copied);
    expect(decoded).toEqual(dataset);
    expect(hashDataset(decoded, schema)).toBe(hash);
    const colour = header.arrays.find((a) => a.key === 'columns/1/codes');
    expect(colour?.dtype).toBe('uint16');
    expect(header.arrays.find((a) => a.key === 'labels')?.dtype).toBe('uint8');
  });

  it('round-trips an image dataset keeping uint8 pixels, with chunks of at most 4 MB', () => {
    const ds = imageDataset(70_000, 10);
    const { header, chunks } = encodeDataset(ds);
    expect(chunks.every((c) => c.length <= 4 * 1024 * 1024)).toBe(true);
    expect(header.arrays.find((a) => a.key === 'pixels')).toMatchObject({ dtype: 'uint8', chunkCount: 2 });
    expect(header.arrays.find((a) => a.key === 'split/train')?.dtype).toBe('int32');
    const decoded = decodeDataset(header, chunks);
    expect(decoded.pixels).toBeInstanceOf(Uint8Array);
    // Deep equality walks 4.5 MB element by element (seconds); compare the bytes directly.
    expect(Buffer.from(decoded.pixels ?? []).equals(Buffer.from(ds.pixels ?? []))).toBe(true);
    expect({ ...decoded, pixels: undefined }).toEqual({ ...ds, pixels: undefined });
  });

  it('round-trips the real digits dataset', async () => {
    const { dataset } = await ingestCsv([new Uint8Array(readFileSync(samplePath('digits.csv')))]);
    const { header, chunks } = encodeDataset(dataset);
    expect(decodeDataset(header, chunks)).toEqual(dataset);
  });

  it('refuses missing or damaged chunks', () => {
    const { header, chunks } = encodeDataset(imageDataset(100, 2), 256);
    expect(() => decodeDataset(header, chunks.slice(0, -1))).toThrow(DataError);
    const shorter = chunks.map((c, i) => (i === 3 ? c.subarray(1) : c));
    expect(() => decodeDataset(header, shorter)).toThrow(/damaged/);
  });
});
