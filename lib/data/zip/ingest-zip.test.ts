import { zipSync, type Zippable } from 'fflate';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { chunked, utf8 } from '../test-helpers/byte-source';
import { blackPng, giantImageZip, zipBomb } from '../test-helpers/hostile-files';
import { imageDimensions } from './image-decode';
import { ingestImageZip, type ZipIngestOptions } from './ingest-zip';

/** A solid-colour PNG. */
function png(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) image.data.set([...rgb, 255], i * 4);
  return new Uint8Array(PNG.sync.write(image));
}

function jpg(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return new Uint8Array(jpeg.encode({ width, height, data }, 95).data);
}

const RED: [number, number, number] = [255, 0, 0];
const WHITE: [number, number, number] = [255, 255, 255];

// jpeg-js builds its tables on every encode (~70 ms): encode each test image once.
const RED_PNG = png(4, 4, RED);
const WHITE_PNG = png(4, 4, WHITE);
const RED_JPG = jpg(4, 4, RED);
const WHITE_JPG = jpg(4, 4, WHITE);

function classZip(): Zippable {
  return {
    'cat/': {},
    'cat/2.png': RED_PNG,
    'cat/10.png': RED_PNG,
    'cat/1.jpg': RED_JPG,
    'dog/a.png': WHITE_PNG,
    'dog/b.png': WHITE_PNG,
    'dog/c.jpeg': WHITE_JPG,
    '__MACOSX/cat/._2.png': utf8('resource fork'),
  };
}

async function failure(files: Zippable | Uint8Array, options: Partial<ZipIngestOptions> = {}): Promise<DataError> {
  const bytes = files instanceof Uint8Array ? files : zipSync(files);
  try {
    await ingestImageZip([bytes], { channels: 1, ...options });
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('ingestImageZip', () => {
  it('reads one folder per class, in natural order, as greyscale bytes', async () => {
    const result = await ingestImageZip(chunked(zipSync(classZip()), 100), { channels: 1 });
    const ds = result.dataset;
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(ds.rowCount).toBe(6);
    expect(ds.imageShape).toEqual({ height: 4, width: 4, channels: 1 });
    expect(Array.from(ds.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    // Rows: cat/1.jpg, cat/2.png, cat/10.png; red -> luma 76.
    expect(ds.pixels?.[16]).toBe(76);
    expect(ds.pixels?.[16 * 3]).toBe(255);
    expect(result.stats.testRows).toBe(2);
  });

  it('keeps RGB and resizes to a declared size (area when shrinking, bilinear when enlarging)', async () => {
    const rgb = await ingestImageZip([zipSync(classZip())], { channels: 3, size: { height: 2, width: 3 } });
    expect(rgb.dataset.imageShape).toEqual({ height: 2, width: 3, channels: 3 });
    expect(rgb.dataset.pixels?.length).toBe(6 * 2 * 3 * 3);
    expect(Array.from(rgb.dataset.pixels?.subarray(18, 21) ?? [])).toEqual([255, 0, 0]);
    const big = await ingestImageZip([zipSync(classZip())], { channels: 1, size: { height: 8, width: 8 } });
    expect(big.dataset.pixels?.[64 * 4]).toBe(255);
  });

  it('gives the same hash whatever order the archive lists files in', async () => {
    const files = classZip();
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    const a = await ingestImageZip([zipSync(files)], { channels: 1 });
    const b = await ingestImageZip([zipSync(reversed)], { channels: 1 });
    expect(a.hash).toBe(b.hash);
  });

  it('looks through a single top folder', async () => {
    const wrapped = Object.fromEntries(Object.entries(classZip()).filter(([k]) => !k.startsWith('__')).map(([k, v]) => [`pets/${k}`, v]));
    const result = await ingestImageZip([zipSync(wrapped)], { channels: 1 });
    expect(result.dataset.classNames).toEqual(['cat', 'dog']);
  });

  it('refuses a corrupt or truncated ZIP', async () => {
    const bytes = zipSync(classZip());
    expect(await failure(bytes.subarray(0, bytes.length - 30))).toMatchObject({ code: 'corrupt_zip' });
    expect(await failure(utf8('this is not a zip file at all'))).toMatchObject({ code: 'corrupt_zip' });
    const damaged = zipSync({ 'cat/1.png': png(4, 4, RED), 'cat/2.png': png(4, 4, RED), 'dog/1.png': png(4, 4, WHITE), 'dog/2.png': png(4, 4, WHITE) }, { level: 0 });
    damaged[60] ^= 0xff; // inside the first entry's stored data
    expect(await failure(damaged)).toMatchObject({ code: 'corrupt_zip', details: { entry: 'cat/1.png' } });
  });

  it.each(['../x.png', 'cat/../../x.png', '/etc/x.png', 'C:/x.png'])('refuses the unsafe path %s, naming it', async (name) => {
    const e = await failure({ ...classZip(), [name]: png(4, 4, RED) });
    expect(e).toMatchObject({ code: 'unsafe_path', details: { entry: name } });
    expect(e.message).toContain(JSON.stringify(name));
  });

  it('refuses non-image entries, naming them', async () => {
    expect(await failure({ ...classZip(), 'cat/notes.txt': utf8('hi') })).toMatchObject({ code: 'not_an_image', details: { entry: 'cat/notes.txt' } });
  });

  it('refuses a file outside any class folder', async () => {
    expect(await failure({ ...classZip(), 'loose.png': png(4, 4, RED) })).toMatchObject({ code: 'outside_class_folder', details: { entry: 'loose.png' } });
  });

  it('refuses an undecodable image, naming the entry', async () => {
    const e = await failure({ ...classZip(), 'dog/broken.png': utf8('not really a png') });
    expect(e).toMatchObject({ code: 'undecodable_image', details: { entry: 'dog/broken.png' } });
  });

  it('refuses mixed image sizes when no size is declared, naming the entry', async () => {
    const e = await failure({ ...classZip(), 'dog/z.png': png(5, 4, WHITE) });
    expect(e).toMatchObject({ code: 'mixed_image_sizes', details: { entry: 'dog/z.png' } });
    expect(e.message).toMatch(/^Mixed image sizes: ZIP entry "dog\/z.png" is 5x4/);
    await expect(ingestImageZip([zipSync({ ...classZip(), 'dog/z.png': png(5, 4, WHITE) })], { channels: 1, size: { height: 4, width: 4 } })).resolves.toBeDefined();
  });

  it('refuses a single class and a ZIP over the byte limit', async () => {
    expect(await failure({ 'cat/1.png': png(2, 2, RED), 'cat/2.png': png(2, 2, RED) })).toMatchObject({ code: 'single_class' });
    expect(await failure(classZip(), { limits: { maxBytes: 100 } })).toMatchObject({ code: 'file_too_large', details: { limit: 100 } });
  });

  describe('hostile archives', () => {
    const GIB = 1024 * 1024 * 1024;

    /** Resident memory growth while `fn` runs, sampled after it (the failure must not have allocated the bomb). */
    async function growth(fn: () => Promise<unknown>): Promise<number> {
      const before = process.memoryUsage().rss;
      await fn();
      return process.memoryUsage().rss - before;
    }

    it('refuses a 2 GB entry from the directory, before inflating anything', async () => {
      const bomb = zipBomb(2 * GIB);
      expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
      let error: DataError | undefined;
      const grew = await growth(async () => (error = await failure(bomb)));
      expect(error).toMatchObject({ code: 'file_too_large', details: { entry: 'cat/bomb.png' } });
      expect(error?.message).toContain('the limit for one file');
      expect(grew).toBeLessThan(100 * 1024 * 1024);
    });

    it('stops an entry that inflates past the size it declares, with a running count', async () => {
      // Declares 1 MB (allowed), holds 2 GB: the reader must stop right after the first megabyte.
      const liar = zipBomb(2 * GIB, 1024 * 1024);
      let error: DataError | undefined;
      const grew = await growth(async () => (error = await failure(liar)));
      expect(error).toMatchObject({ code: 'corrupt_zip', details: { entry: 'cat/bomb.png' } });
      expect(error?.message).toContain('inflates to more than');
      expect(grew).toBeLessThan(100 * 1024 * 1024);
    });

    it('refuses a giant image from its header, before decoding it', async () => {
      const zip = giantImageZip(20000, 20000, RED_PNG);
      expect(zip.length).toBeLessThan(1024 * 1024);
      let error: DataError | undefined;
      const grew = await growth(async () => (error = await failure(zip)));
      expect(error).toMatchObject({ code: 'image_too_large', details: { entry: 'cat/giant.png', found: 400_000_000, limit: 4096 * 4096 } });
      expect(error?.message).toContain('20000x20000');
      expect(grew).toBeLessThan(100 * 1024 * 1024);
    });

    it('applies the pixel limit to JPEG frames too', async () => {
      expect(imageDimensions(RED_JPG)).toEqual({ width: 4, height: 4 });
      expect(imageDimensions(blackPng(7, 3))).toEqual({ width: 7, height: 3 });
      expect(await failure(classZip(), { limits: { maxImagePixels: 15 } })).toMatchObject({ code: 'image_too_large', details: { limit: 15, found: 16 } });
      await expect(ingestImageZip([zipSync(classZip())], { channels: 1, limits: { maxImagePixels: 16 } })).resolves.toBeDefined();
    });

    it('decodes a legitimate image built the same way (the header reader agrees with the decoder)', async () => {
      const black = blackPng(6, 5);
      const result = await ingestImageZip([zipSync({ 'a/1.png': black, 'a/2.png': black, 'b/1.png': black, 'b/2.png': black })], { channels: 1 });
      expect(result.dataset.imageShape).toEqual({ height: 5, width: 6, channels: 1 });
    });
  });
});
