import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { chunked } from '../test-helpers/byte-source';
import { ingestIdx, type IdxIngestOptions } from './ingest-idx';

function idx(magicDims: number, dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 | magicDims, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** n images of 4x3 whose pixels encode (image, position); labels cycle through `classes`. */
function pair(n: number, classes = 3, h = 4, w = 3): { images: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(n * h * w).map((_, i) => (i * 7) % 256);
  const labels = new Uint8Array(n).map((_, i) => i % classes);
  return { images: idx(3, [n, h, w], pixels), labels: idx(1, [n], labels) };
}

async function failure(options: IdxIngestOptions): Promise<DataError> {
  try {
    await ingestIdx(options);
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('ingestIdx', () => {
  it('reads plain and gzip IDX identically, in any chunking, keeping pixels as bytes', async () => {
    const { images, labels } = pair(30);
    const plain = await ingestIdx({ images: [images], labels: [labels] });
    const gz = await ingestIdx({ images: chunked(gzipSync(images), 3), labels: chunked(gzipSync(labels), 1) });
    expect(plain.dataset.kind).toBe('image');
    expect(plain.dataset.rowCount).toBe(30);
    expect(plain.dataset.imageShape).toEqual({ height: 4, width: 3, channels: 1 });
    expect(plain.dataset.pixels).toBeInstanceOf(Uint8Array);
    expect(plain.dataset.pixels?.length).toBe(30 * 12);
    expect(plain.dataset.pixels?.[12 + 5]).toBe(((12 + 5) * 7) % 256);
    expect(plain.dataset.classNames).toEqual(['0', '1', '2']);
    expect(Array.from(plain.dataset.labels.slice(0, 4))).toEqual([0, 1, 2, 0]);
    expect(plain.stats.classCounts).toEqual([
      { name: '0', count: 10 },
      { name: '1', count: 10 },
      { name: '2', count: 10 },
    ]);
    expect(plain.stats.testRows).toBe(6);
    expect(gz.hash).toBe(plain.hash);
  });

  it('uses a separate test pair as the test split, and optional class names', async () => {
    const train = pair(12);
    const test = pair(6);
    const result = await ingestIdx({ ...train, images: [train.images], labels: [train.labels], test: { images: [test.images], labels: [test.labels] }, classNames: ['a', 'b', 'c'] });
    expect(result.dataset.rowCount).toBe(18);
    expect(Array.from(result.dataset.split.test)).toEqual([12, 13, 14, 15, 16, 17]);
    expect(result.dataset.split.train).toHaveLength(12);
    expect(result.dataset.classNames).toEqual(['a', 'b', 'c']);
    expect(result.source).toMatchObject({ format: 'idx', testPair: true });
  });

  it('reports progress', async () => {
    const { images, labels } = pair(30);
    const seen: number[] = [];
    await ingestIdx({ images: chunked(images, 50), labels: [labels], onProgress: (p) => seen.push(p.bytes) });
    expect(seen.at(-1)).toBe(images.length + labels.length);
  });

  it('refuses a wrong magic number, naming the file and the expected magic', async () => {
    const { images, labels } = pair(6);
    const e = await failure({ images: [labels], labels: [labels], imagesName: 'train-images-idx3-ubyte' });
    expect(e).toMatchObject({ code: 'bad_magic', details: { entry: 'train-images-idx3-ubyte', expected: '0x00000803', found: '0x00000801' } });
    expect(e.message).toContain('train-images-idx3-ubyte');
    expect(e.message).toContain('expected 0x00000803');
    expect(await failure({ images: [images], labels: [images], labelsName: 'l.idx' })).toMatchObject({ code: 'bad_magic', details: { entry: 'l.idx' } });
  });

  it('refuses image and label counts that differ', async () => {
    const e = await failure({ images: [pair(6).images], labels: [pair(5).labels], imagesName: 'i', labelsName: 'l' });
    expect(e).toMatchObject({ code: 'count_mismatch', details: { expected: 6, found: 5 } });
    expect(e.message).toBe('i holds 6 images but l holds 5 labels; they must be the same number.');
  });

  it('refuses a truncated file', async () => {
    const { images, labels } = pair(6);
    const e = await failure({ images: [images.subarray(0, images.length - 5)], labels: [labels], imagesName: 'img' });
    expect(e).toMatchObject({ code: 'truncated_file', details: { entry: 'img', expected: images.length, found: images.length - 5 } });
    expect(await failure({ images: [images.subarray(0, 10)], labels: [labels] })).toMatchObject({ code: 'truncated_file' });
  });

  it('refuses truncated or corrupt gzip', async () => {
    const { images, labels } = pair(60);
    const gz = gzipSync(images);
    for (const cut of [gz.length - 3, gz.length - 8, gz.length >> 1, 5]) {
      const e = await failure({ images: [gz.subarray(0, cut)], labels: [labels], imagesName: 'img.gz' });
      expect(e.code, `cut at ${cut}`).toMatch(/corrupt_gzip|truncated_file/);
      expect(e.details.entry).toBe('img.gz');
    }
    const flipped = gz.slice();
    flipped[gz.length >> 1] ^= 0x55;
    expect(await failure({ images: [flipped], labels: [labels], imagesName: 'img.gz' })).toMatchObject({ code: 'corrupt_gzip' });
  });

  it('refuses a label outside the class names', async () => {
    const { images, labels } = pair(6, 3);
    const e = await failure({ images: [images], labels: [labels], classNames: ['a', 'b'], labelsName: 'labels.idx' });
    expect(e).toMatchObject({ code: 'label_out_of_range', details: { entry: 'labels.idx', found: 2, expected: 2 } });
  });

  it('refuses images over the limits before allocating them', async () => {
    const { images, labels } = pair(6);
    expect(await failure({ images: [images], labels: [labels], limits: { maxBytes: 50 } })).toMatchObject({ code: 'file_too_large', details: { limit: 50 } });
    expect(await failure({ images: [images], labels: [labels], limits: { maxRows: 5 } })).toMatchObject({ code: 'too_many_rows', details: { limit: 5 } });
  });
});
